import { describe, expect, it } from 'vitest';
import { checkDigit, makeIdNumber, parseIdNumber } from './id-number.ts';

describe('GB 11643-1999 ID numbers', () => {
  it('computes the published example check digit', () => {
    // The standard's example: 11010519491231002X
    expect(checkDigit('11010519491231002')).toBe('X');
    expect(parseIdNumber('11010519491231002x')).toEqual({ ok: true, value: '11010519491231002X', info: { birthDate: '1949-12-31', gender: 'F' } });
  });

  it('rejects a wrong check digit, a bad length and an impossible date', () => {
    expect(parseIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'checksum' });
    expect(parseIdNumber('1101051949123100')).toEqual({ ok: false, problem: 'format' });
    const feb30 = '43040220010230001';
    expect(parseIdNumber(feb30 + checkDigit(feb30))).toEqual({ ok: false, problem: 'birth_date' });
  });

  it('makes valid numbers whose birth date and gender agree', () => {
    for (const gender of ['M', 'F'] as const) {
      const id = makeIdNumber('430405', '2003-07-09', 17, gender);
      expect(parseIdNumber(id)).toEqual({ ok: true, value: id, info: { birthDate: '2003-07-09', gender } });
    }
  });
});
