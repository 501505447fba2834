import type { DuesCategory } from '../members/index.ts';

/** The salaried threshold and cap of 中青发〔2016〕13号, in fen. */
const salariedThresholdFen = 200_000;
const salariedLowFen = 300;
const salariedCapFen = 2_000;
export const minimumDuesFen = 20;

/**
 * The monthly dues standard in fen. Students, the unemployed and 低保 pay 0.2 元; salaried
 * members with after-tax pay under 2000 元 pay 3 元, from 2000 元 pay × 2‰ rounded down to whole
 * yuan, at most 20 元; farmers pay the province's amount (0.2–1 元). 'other' pays the minimum.
 * Returns null when a salaried member's pay is not recorded.
 */
export function monthlyDuesFen(category: DuesCategory, monthlyIncomeFen: number | null, farmerFen: number): number | null {
  switch (category) {
    case 'student':
    case 'unemployed':
    case 'low_income':
    case 'other':
      return minimumDuesFen;
    case 'farmer':
      return farmerFen;
    case 'salaried': {
      if (monthlyIncomeFen === null || monthlyIncomeFen < 0) return null;
      if (monthlyIncomeFen < salariedThresholdFen) return salariedLowFen;
      // pay × 2‰ in fen is pay / 500; whole yuan (100 fen) rounded down is floor(pay / 50000) × 100.
      return Math.min(Math.floor(monthlyIncomeFen / 50_000) * 100, salariedCapFen);
    }
  }
}

/** 'YYYY-MM' → the number of months since year 0, for month arithmetic. */
export function monthIndex(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
}

export function monthOf(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * How many months a payment covers, 'YYYY-MM' to 'YYYY-MM' with both ends included (2025-11 to
 * 2026-02 is 4). Not platform/dates' monthsBetween, which counts whole months between two days.
 */
export function monthSpan(from: string, to: string): number {
  return monthIndex(to) - monthIndex(from) + 1;
}

/**
 * Months due and unpaid in the year of `asOf` (DOMAIN: arrears are derived). The window starts in
 * January or at admission, whichever is later, and ends with the month of `asOf`.
 */
export function arrearsMonths(admittedOn: string, asOf: string, covered: { from: string; to: string }[]): string[] {
  const start = Math.max(monthIndex(`${asOf.slice(0, 4)}-01`), monthIndex(admittedOn.slice(0, 7)));
  const end = monthIndex(asOf.slice(0, 7));
  const paid = new Set<number>();
  for (const c of covered) for (let i = monthIndex(c.from); i <= monthIndex(c.to); i++) paid.add(i);
  const out: string[] = [];
  for (let i = start; i <= end; i++) if (!paid.has(i)) out.push(monthOf(i));
  return out;
}
