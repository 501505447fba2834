// GB 11643-1999 citizen ID numbers: 6-digit division, 8-digit birth date, 3-digit sequence
// (odd = male, even = female) and an ISO 7064 MOD 11-2 check digit.
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = '10X98765432';

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (weights[i] ?? 0);
  return checkChars[sum % 11] ?? '';
}

export type IdNumberInfo = { birthDate: string; gender: 'M' | 'F' };
export type IdNumberProblem = 'format' | 'checksum' | 'birth_date';

export function parseIdNumber(raw: string): { ok: true; value: string; info: IdNumberInfo } | { ok: false; problem: IdNumberProblem } {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  if (checkDigit(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'checksum' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, problem: 'birth_date' };
  }
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  return { ok: true, value, info: { birthDate, gender: Number(value[16]) % 2 === 1 ? 'M' : 'F' } };
}

/** Builds a valid number (for demo data and tests). */
export function makeIdNumber(division: string, birthDate: string, seq: number, gender: 'M' | 'F'): string {
  let s = seq % 1000;
  if ((s % 2 === 1) !== (gender === 'M')) s = (s + 1) % 1000;
  const first17 = `${division.slice(0, 6)}${birthDate.replaceAll('-', '')}${String(s).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}
