// Pure rules of volunteering: ages, local dates, recurring schedules. No database here.
import { errors } from '../../platform/errors.ts';

/** Activities happen in China (UTC+8, no daylight saving): local clock times are stored with this offset. */
export const localOffset = '+08:00';
const offsetMs = 8 * 3600_000;

/** The local calendar date of an instant. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + offsetMs).toISOString().slice(0, 10);
}

/** An instant from a local date and 'HH:MM'. */
export function localInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00${localOffset}`);
}

/** Whole years of age on a date (a birthday counts on the day itself). */
export function ageOn(birthDate: string, on: string): number {
  const [by = 0, bm = 0, bd = 0] = birthDate.split('-').map(Number);
  const [y = 0, m = 0, d = 0] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export type Consent = {
  selfSupporting?: boolean;
  guardianName?: string | null;
  guardianRelation?: string | null;
  guardianConsentOn?: string | null;
};

/**
 * 《志愿服务条例》 registration ages: 18+ alone; 16–18 alone only if self-supporting; 14–18 with a
 * guardian's consent (who, relation, when); under 14 not at all. Returns the consent to store.
 */
export function checkRegistrationAge(birthDate: string, on: string, c: Consent): Required<Consent> {
  const age = ageOn(birthDate, on);
  const none = { selfSupporting: false, guardianName: null, guardianRelation: null, guardianConsentOn: null };
  if (age < 14) {
    throw errors.rule('birthDate', {
      'zh-CN': `未满 14 周岁（${on} 时 ${age} 周岁）不能注册为志愿者`,
      'en-US': `under 14 (${age} on ${on}): cannot register as a volunteer`,
    });
  }
  if (age >= 18) return none;
  if (age >= 16 && c.selfSupporting) return { ...none, selfSupporting: true };
  const why =
    age >= 16
      ? { zh: '16–18 周岁且不以自己劳动收入为主要生活来源，须有监护人同意', en: '16–18 and not self-supporting: guardian consent is required' }
      : { zh: '14–16 周岁须有监护人同意', en: '14–16: guardian consent is required' };
  const name = c.guardianName?.trim();
  const relation = c.guardianRelation?.trim();
  if (!name) throw errors.rule('guardianName', { 'zh-CN': `${why.zh}：请填写监护人姓名`, 'en-US': `${why.en}: give the guardian's name` });
  if (!relation) throw errors.rule('guardianRelation', { 'zh-CN': `${why.zh}：请填写与监护人的关系`, 'en-US': `${why.en}: give the relation` });
  if (!c.guardianConsentOn) throw errors.rule('guardianConsentOn', { 'zh-CN': `${why.zh}：请填写同意日期`, 'en-US': `${why.en}: give the date of consent` });
  if (c.guardianConsentOn > on) {
    throw errors.invalid('guardianConsentOn', { 'zh-CN': '同意日期不能晚于注册日期', 'en-US': 'must not be after the registration date' });
  }
  return { selfSupporting: false, guardianName: name, guardianRelation: relation, guardianConsentOn: c.guardianConsentOn };
}

export type Recurrence =
  /** e.g. 1st and 3rd Saturday: weeks [1, 3], weekday 6 (0 = Sunday); week -1 = the last */
  | { kind: 'monthly'; weeks: number[]; weekday: number; start: string; end: string; from: string; months: number; capacity: number }
  | { kind: 'weekly'; weekdays: number[]; start: string; end: string; from: string; months: number; capacity: number };

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

function addMonths(date: string, months: number): string {
  const [y = 0, m = 1] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The local dates a schedule covers: from `from` for `months` calendar months. */
export function recurrenceDates(r: Recurrence): string[] {
  if (!hhmm.test(r.start)) throw errors.invalid('recurrence.start', { 'zh-CN': '时间格式为 HH:MM', 'en-US': 'time as HH:MM' });
  if (!hhmm.test(r.end) || r.end <= r.start) {
    throw errors.invalid('recurrence.end', { 'zh-CN': '结束时间须晚于开始时间（HH:MM）', 'en-US': 'must be after the start (HH:MM)' });
  }
  if (!Number.isInteger(r.months) || r.months < 1 || r.months > 24) {
    throw errors.invalid('recurrence.months', { 'zh-CN': '月数为 1–24', 'en-US': '1–24 months' });
  }
  const until = addMonths(r.from, r.months);
  const out: string[] = [];
  const start = new Date(`${r.from}T00:00:00Z`);
  if (Number.isNaN(start.getTime())) throw errors.invalid('recurrence.from', { 'zh-CN': '日期格式为 YYYY-MM-DD', 'en-US': 'a date YYYY-MM-DD' });
  if (r.kind === 'weekly') {
    if (r.weekdays.length === 0 || r.weekdays.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
      throw errors.invalid('recurrence.weekdays', { 'zh-CN': '星期为 0–6（0 为周日）', 'en-US': 'weekdays 0–6 (0 = Sunday)' });
    }
    for (const d = new Date(start); iso(d) < until; d.setUTCDate(d.getUTCDate() + 1)) if (r.weekdays.includes(d.getUTCDay())) out.push(iso(d));
    return out;
  }
  if (!Number.isInteger(r.weekday) || r.weekday < 0 || r.weekday > 6) {
    throw errors.invalid('recurrence.weekday', { 'zh-CN': '星期为 0–6（0 为周日）', 'en-US': 'weekday 0–6 (0 = Sunday)' });
  }
  if (r.weeks.length === 0 || r.weeks.some((w) => !Number.isInteger(w) || w === 0 || w < -1 || w > 5)) {
    throw errors.invalid('recurrence.weeks', { 'zh-CN': '第几周为 1–5，或 -1 表示最后一周', 'en-US': 'weeks 1–5, or -1 for the last' });
  }
  for (let month = addMonths(r.from, 0); month < until; month = addMonths(month, 1)) {
    const first = new Date(`${month}T00:00:00Z`);
    const days: string[] = [];
    for (const d = new Date(first); d.getUTCMonth() === first.getUTCMonth(); d.setUTCDate(d.getUTCDate() + 1)) {
      if (d.getUTCDay() === r.weekday) days.push(iso(d));
    }
    for (const w of r.weeks) {
      const day = w === -1 ? days.at(-1) : days[w - 1];
      if (day && day >= r.from && day < until && !out.includes(day)) out.push(day);
    }
  }
  return out.sort();
}
