// Pure rules of volunteering: registration ages, local times, recurring schedules. No database here.
import { addMonths, ageOn } from '../../platform/dates.ts';
import type { Messages } from '../../platform/errors.ts';
import { volunteersErrors } from './volunteers.errors.ts';

/** Activities happen in China (UTC+8, no daylight saving): local clock times are stored with this offset. */
export const localOffset = '+08:00';

/** An instant from a local date and 'HH:MM'. */
export function localInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00${localOffset}`);
}

// 《志愿服务条例》 registration ages (the volunteers module's own rules, not the league's).
/** No one under this age registers as a volunteer. */
export const minRegistrationAge = 14;
/** From this age a self-supporting young person registers without a guardian. */
export const selfSupportingAge = 16;
/** From this age anyone registers alone. */
export const adultAge = 18;

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
  if (age < minRegistrationAge) throw volunteersErrors.too_young('birthDate', { min: minRegistrationAge, age, on });
  if (age >= adultAge) return none;
  if (age >= selfSupportingAge && c.selfSupporting) return { ...none, selfSupporting: true };
  const band: Messages =
    age >= selfSupportingAge
      ? {
          'zh-CN': `${selfSupportingAge}–${adultAge} 周岁且不以自己劳动收入为主要生活来源`,
          'en-US': `${selfSupportingAge}–${adultAge} and not self-supporting`,
        }
      : { 'zh-CN': `${minRegistrationAge}–${selfSupportingAge} 周岁`, 'en-US': `${minRegistrationAge}–${selfSupportingAge}` };
  const name = c.guardianName?.trim();
  const relation = c.guardianRelation?.trim();
  if (!name) throw volunteersErrors.guardian_consent_required('guardianName', { band });
  if (!relation) throw volunteersErrors.guardian_consent_required('guardianRelation', { band });
  if (!c.guardianConsentOn) throw volunteersErrors.guardian_consent_required('guardianConsentOn', { band });
  if (c.guardianConsentOn > on) {
    throw volunteersErrors.invalid('guardianConsentOn', { 'zh-CN': '同意日期不能晚于注册日期', 'en-US': 'must not be after the registration date' });
  }
  return { selfSupporting: false, guardianName: name, guardianRelation: relation, guardianConsentOn: c.guardianConsentOn };
}

export type Recurrence =
  /** e.g. 1st and 3rd Saturday: weeks [1, 3], weekday 6 (0 = Sunday); week -1 = the last */
  | { kind: 'monthly'; weeks: number[]; weekday: number; start: string; end: string; from: string; months: number; capacity: number }
  | { kind: 'weekly'; weekdays: number[]; start: string; end: string; from: string; months: number; capacity: number };

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The first day of the month `months` after the month of `date`. */
const monthAfter = (date: string, months: number) => addMonths(`${date.slice(0, 7)}-01`, months);

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The local dates a schedule covers: from `from` for `months` calendar months. */
export function recurrenceDates(r: Recurrence): string[] {
  if (!hhmm.test(r.start)) throw volunteersErrors.invalid('recurrence.start', { 'zh-CN': '时间格式为 HH:MM', 'en-US': 'time as HH:MM' });
  if (!hhmm.test(r.end) || r.end <= r.start) {
    throw volunteersErrors.invalid('recurrence.end', { 'zh-CN': '结束时间须晚于开始时间（HH:MM）', 'en-US': 'must be after the start (HH:MM)' });
  }
  if (!Number.isInteger(r.months) || r.months < 1 || r.months > 24) {
    throw volunteersErrors.invalid('recurrence.months', { 'zh-CN': '月数为 1–24', 'en-US': '1–24 months' });
  }
  const until = monthAfter(r.from, r.months);
  const out: string[] = [];
  const start = new Date(`${r.from}T00:00:00Z`);
  if (Number.isNaN(start.getTime())) throw volunteersErrors.invalid('recurrence.from', { 'zh-CN': '日期格式为 YYYY-MM-DD', 'en-US': 'a date YYYY-MM-DD' });
  if (r.kind === 'weekly') {
    if (r.weekdays.length === 0 || r.weekdays.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
      throw volunteersErrors.invalid('recurrence.weekdays', { 'zh-CN': '星期为 0–6（0 为周日）', 'en-US': 'weekdays 0–6 (0 = Sunday)' });
    }
    for (const d = new Date(start); iso(d) < until; d.setUTCDate(d.getUTCDate() + 1)) if (r.weekdays.includes(d.getUTCDay())) out.push(iso(d));
    return out;
  }
  if (!Number.isInteger(r.weekday) || r.weekday < 0 || r.weekday > 6) {
    throw volunteersErrors.invalid('recurrence.weekday', { 'zh-CN': '星期为 0–6（0 为周日）', 'en-US': 'weekday 0–6 (0 = Sunday)' });
  }
  if (r.weeks.length === 0 || r.weeks.some((w) => !Number.isInteger(w) || w === 0 || w < -1 || w > 5)) {
    throw volunteersErrors.invalid('recurrence.weeks', { 'zh-CN': '第几周为 1–5，或 -1 表示最后一周', 'en-US': 'weeks 1–5, or -1 for the last' });
  }
  for (let month = monthAfter(r.from, 0); month < until; month = monthAfter(month, 1)) {
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
