import { describe, expect, it } from 'vitest';
import { monthsBetween } from '../../platform/dates.ts';
import { arrearsMonths, monthlyDuesFen, monthSpan } from './dues.rules.ts';

describe('the monthly dues standard (中青发〔2016〕13号)', () => {
  it('students, the unemployed and 低保 pay 0.2 元', () => {
    expect(monthlyDuesFen('student', null, 20)).toBe(20);
    expect(monthlyDuesFen('unemployed', 500_000, 20)).toBe(20);
    expect(monthlyDuesFen('low_income', null, 20)).toBe(20);
  });
  it('salaried under 2000 元 pay 3 元', () => {
    expect(monthlyDuesFen('salaried', 0, 20)).toBe(300);
    expect(monthlyDuesFen('salaried', 199_999, 20)).toBe(300);
  });
  it('salaried from 2000 元 pay 2‰ rounded down to whole yuan', () => {
    expect(monthlyDuesFen('salaried', 200_000, 20)).toBe(400);
    expect(monthlyDuesFen('salaried', 349_999, 20)).toBe(600);
    expect(monthlyDuesFen('salaried', 350_000, 20)).toBe(700);
  });
  it('at most 20 元', () => {
    expect(monthlyDuesFen('salaried', 999_999, 20)).toBe(1_900);
    expect(monthlyDuesFen('salaried', 1_000_000, 20)).toBe(2_000);
    expect(monthlyDuesFen('salaried', 5_000_000, 20)).toBe(2_000);
  });
  it('salaried without a recorded pay has no standard', () => {
    expect(monthlyDuesFen('salaried', null, 20)).toBeNull();
  });
  it('farmers pay the configured amount', () => {
    expect(monthlyDuesFen('farmer', null, 20)).toBe(20);
    expect(monthlyDuesFen('farmer', null, 100)).toBe(100);
  });
});

describe('arrears', () => {
  it('counts this year’s months from January or admission, minus covered months', () => {
    expect(arrearsMonths('2020-05-01', '2026-03-15', [])).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(arrearsMonths('2026-02-20', '2026-03-15', [])).toEqual(['2026-02', '2026-03']);
    expect(arrearsMonths('2020-05-01', '2026-03-15', [{ from: '2025-11', to: '2026-02' }])).toEqual(['2026-03']);
    expect(arrearsMonths('2020-05-01', '2026-03-15', [{ from: '2026-01', to: '2026-06' }])).toEqual([]);
  });
  it('a payment’s month span counts both ends (unlike the whole months between two days)', () => {
    expect(monthSpan('2025-11', '2026-02')).toBe(4);
    expect(monthSpan('2026-03', '2026-03')).toBe(1);
    expect(monthsBetween('2025-11-01', '2026-02-01')).toBe(3);
  });
});
