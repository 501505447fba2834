import { describe, expect, it } from 'vitest';
import { addDays, addMonths, ageOn, birthdayAt, chinaHour, chinaToday, isDate, monthsBetween } from './dates.ts';

describe('dates: China’s calendar, once', () => {
  it('today and this hour are China’s (UTC+8), not UTC', () => {
    expect(chinaToday(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(chinaToday(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(chinaHour(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02T00');
  });

  it('accepts only real days', () => {
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2026-02-30')).toBe(false);
    expect(isDate('2026-2-3')).toBe(false);
    expect(isDate(null)).toBe(false);
  });

  it('counts full years of age, going up on the birthday itself', () => {
    expect(ageOn('2000-06-15', '2028-06-14')).toBe(27);
    expect(ageOn('2000-06-15', '2028-06-15')).toBe(28);
    expect(ageOn('2012-12-31', '2026-12-31')).toBe(14);
  });

  it('puts a 29 February birthday on 1 March in common years, and ageOn agrees', () => {
    expect(birthdayAt('2000-02-29', 28)).toBe('2028-02-29');
    expect(birthdayAt('2000-02-29', 27)).toBe('2027-03-01');
    expect(ageOn('2000-02-29', '2027-02-28')).toBe(26);
    expect(ageOn('2000-02-29', '2027-03-01')).toBe(27);
    for (const years of [14, 18, 27, 28]) {
      const day = birthdayAt('2004-02-29', years);
      expect(ageOn('2004-02-29', day)).toBe(years);
      expect(ageOn('2004-02-29', addDays(day, -1))).toBe(years - 1);
    }
  });

  it('adds days and months across month ends and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(monthsBetween('2026-01-31', '2026-02-28')).toBe(0);
    expect(monthsBetween('2026-01-15', '2026-03-15')).toBe(2);
  });
});
