// Dates, once: the league works on China's calendar, and every age, birthday and period in the
// platform is computed here. Dates are 'YYYY-MM-DD' strings (no time zone can shift them).

// "Today" is the date in Asia/Shanghai (UTC+8, no DST), so a cadre entering today's date at
// 07:00 in 衡阳 is not told it lies in the future because UTC is still on yesterday.
const chinaOffsetMs = 8 * 3_600_000;

export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + chinaOffsetMs).toISOString().slice(0, 10);
}

/** The hour in China time, 'YYYY-MM-DDTHH'. */
export function chinaHour(now: Date = new Date()): string {
  return new Date(now.getTime() + chinaOffsetMs).toISOString().slice(0, 13);
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD (2026-02-30 and 2026-02-29 are not). */
export function isDate(v: string | null | undefined): v is string {
  if (!v || !datePattern.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

function parts(day: string): [number, number, number] {
  const [y = 0, m = 0, d = 0] = day.split('-').map(Number);
  return [y, m, d];
}

function format(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Days from one date to another, negative when `to` is earlier (a term's days left). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Calendar months later; the day is clipped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = parts(day);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return format(ny, nm, Math.min(d, last));
}

/**
 * Full years of age on a day (周岁): the age goes up on the birthday itself. Someone born on
 * 29 February has their birthday on 1 March in common years — the same rule as `birthdayAt`.
 */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = parts(birthDate);
  const [y, m, d] = parts(day);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The day someone turns `years` old (29 February births: 1 March in common years). */
export function birthdayAt(birthDate: string, years: number): string {
  const [by, bm, bd] = parts(birthDate);
  const y = by + years;
  if (bm === 2 && bd === 29 && !isLeap(y)) return format(y, 3, 1);
  return format(y, bm, bd);
}

/** Whole months from a to b (b's day-of-month must reach a's). */
export function monthsBetween(a: string, b: string): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return (by - ay) * 12 + (bm - am) - (bd < ad ? 1 : 0);
}

/** The calendar year of a day. */
export function yearOf(day: string): number {
  return parts(day)[0];
}
