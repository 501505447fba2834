import { Type } from 'typebox';
import { errors, registerFieldLabels, registerUniqueField } from '../../platform/errors.ts';
import { defineSetting } from '../../platform/settings/settings.ts';
import type { OrgRow } from '../orgs/index.ts';

// Pure league rules for members (团章, 发展团员工作细则): no database here, so they are tested directly.

registerUniqueField('member_devno_uq', 'developmentNumber');
registerUniqueField('member_person_active_uq', 'personId');
registerUniqueField('member_application_open_uq', 'personId');
registerFieldLabels({
  developmentNumber: { 'zh-CN': '发展团员编号', 'en-US': 'Development number' },
  admittedOn: { 'zh-CN': '入团日期', 'en-US': 'Admission date' },
  personId: { 'zh-CN': '人员', 'en-US': 'Person' },
  appliedOn: { 'zh-CN': '申请日期', 'en-US': 'Application date' },
  sponsor1Id: { 'zh-CN': '第一入团介绍人', 'en-US': 'First sponsor' },
  sponsor2Id: { 'zh-CN': '第二入团介绍人', 'en-US': 'Second sponsor' },
  lessonHours: { 'zh-CN': '团课学时', 'en-US': 'League lesson hours' },
  eligible: { 'zh-CN': '有表决权的团员数', 'en-US': 'Eligible voting members' },
  present: { 'zh-CN': '到会人数', 'en-US': 'Members present' },
  yes: { 'zh-CN': '赞成票', 'en-US': 'Yes votes' },
  date: { 'zh-CN': '日期', 'en-US': 'Date' },
  quota: { 'zh-CN': '发展指标', 'en-US': 'Quota' },
  route: { 'zh-CN': '推荐途径', 'en-US': 'Route' },
  reason: { 'zh-CN': '原因', 'en-US': 'Reason' },
  cohortSize: { 'zh-CN': '年级人数', 'en-US': 'Cohort size' },
});

export const trainingMonthsSetting = defineSetting({
  key: 'members.trainingMonths',
  label: { 'zh-CN': '入团积极分子培养期（月）', 'en-US': 'Activist training period (months)' },
  description: { 'zh-CN': '确定为积极分子到确定为发展对象的最短月数，3–6', 'en-US': 'minimum months from activist to candidate, 3–6' },
  schema: Type.Integer({ minimum: 3, maximum: 6 }),
  default: 3,
});
export const lessonHoursSetting = defineSetting({
  key: 'members.lessonHours',
  label: { 'zh-CN': '团课最少学时', 'en-US': 'Minimum league lesson hours' },
  schema: Type.Integer({ minimum: 1, maximum: 100 }),
  default: 8,
});
export const quotaSetting = defineSetting({
  key: 'members.quota',
  label: { 'zh-CN': '团员发展比例上限（%）', 'en-US': 'Admission quota (% of the cohort)' },
  description: {
    'zh-CN': '每年发展团员数占申报年级人数的最高比例，如初中 30、高中 60',
    'en-US': 'the largest share of a declared cohort admitted per year, e.g. junior high 30, senior high 60',
  },
  schema: Type.Object({ percent: Type.Integer({ minimum: 1, maximum: 100 }) }),
  default: { percent: 60 },
});

/**
 * Today's date where the league works (China Standard Time, UTC+8): a secretary entering
 * today's meeting at 07:00 in Beijing must not be told it is in the future because UTC is
 * still on yesterday.
 */
export function leagueToday(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}

export const minAge = 14;
export const maxAge = 28;
/** Development numbers are required for admissions on or after this day. */
export const devNumberSince = '2017-01-01';

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(v: string | null | undefined): v is string {
  if (!v || !datePattern.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** Full years of age on a day (birthdays on 29 Feb count from 1 Mar in common years). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The day someone turns `years` old. */
export function birthdayAt(birthDate: string, years: number): string {
  return `${String(Number(birthDate.slice(0, 4)) + years).padStart(4, '0')}${birthDate.slice(4)}`;
}

/** Whole months from a to b (b's day-of-month must reach a's). */
export function monthsBetween(a: string, b: string): number {
  const [ay, am, ad] = a.split('-').map(Number) as [number, number, number];
  const [by, bm, bd] = b.split('-').map(Number) as [number, number, number];
  return (by - ay) * 12 + (bm - am) - (bd < ad ? 1 : 0);
}

/** A business date: valid, not in the future, not before `notBefore` (named in the message). */
export function checkDate(
  field: string,
  value: string | null | undefined,
  today: string,
  notBefore?: { day: string | null; what: { 'zh-CN': string; 'en-US': string } },
): string {
  if (!isDate(value)) throw errors.invalid(field, { 'zh-CN': '请填写有效日期（YYYY-MM-DD）', 'en-US': 'a valid date YYYY-MM-DD is required' });
  if (value > today) throw errors.invalid(field, { 'zh-CN': '不能晚于今天', 'en-US': 'must not be in the future' });
  if (notBefore?.day && value < notBefore.day) {
    throw errors.rule(field, {
      'zh-CN': `不能早于${notBefore.what['zh-CN']}（${notBefore.day}）`,
      'en-US': `must not be before ${notBefore.what['en-US']} (${notBefore.day})`,
    });
  }
  return value;
}

/** Admission: a real day, not in the future, at age 14 or older and before the 28th birthday. */
export function checkAdmission(birthDate: string, admittedOn: string | null | undefined, today: string, field = 'admittedOn'): string {
  const day = checkDate(field, admittedOn, today);
  if (day < birthdayAt(birthDate, minAge)) {
    throw errors.rule(field, {
      'zh-CN': `入团时未满 ${minAge} 周岁（${birthdayAt(birthDate, minAge)} 满 ${minAge} 周岁）`,
      'en-US': `under ${minAge} on that day (turns ${minAge} on ${birthdayAt(birthDate, minAge)})`,
    });
  }
  if (ageOn(birthDate, day) >= maxAge) {
    throw errors.rule(field, { 'zh-CN': `入团时已满 ${maxAge} 周岁，超出团员年龄`, 'en-US': `already ${maxAge} on that day: past league age` });
  }
  return day;
}

/** 发展团员编号: 12 digits, the first 4 the admission year; required for admissions since 2017. */
export function checkDevelopmentNumber(value: string | null | undefined, admittedOn: string): string | null {
  const v = value?.trim() || null;
  if (!v) {
    if (admittedOn >= devNumberSince) {
      throw errors.invalid('developmentNumber', { 'zh-CN': '2017 年 1 月 1 日以后入团的须填写', 'en-US': 'required for admissions since 2017-01-01' });
    }
    return null;
  }
  if (!/^\d{12}$/.test(v)) throw errors.invalid('developmentNumber', { 'zh-CN': '应为 12 位数字', 'en-US': 'must be 12 digits' });
  if (v.slice(0, 4) !== admittedOn.slice(0, 4)) {
    throw errors.invalid('developmentNumber', {
      'zh-CN': `前 4 位应为入团年份 ${admittedOn.slice(0, 4)}`,
      'en-US': `the first 4 digits must be the admission year ${admittedOn.slice(0, 4)}`,
    });
  }
  return v;
}

/** Members belong to a branch (团支部 or 临时团支部) that is active. */
export function checkBranch(o: OrgRow, field = 'orgId'): void {
  if (o.kind !== 'branch' && o.kind !== 'temp_branch') {
    throw errors.rule(field, { 'zh-CN': '团员只能编入团支部或临时团支部', 'en-US': 'members belong to a branch or a temporary branch' });
  }
  if (o.status !== 'active') throw errors.rule(field, { 'zh-CN': '该团支部已撤销或合并', 'en-US': 'the branch is closed or merged' });
}

export type VoteInput = { eligible: number; present: number; yes: number };

/**
 * 支部团员大会表决: valid only with more than half of the voting members present; passes with
 * yes-votes from more than half of those present. Returns whether it passed.
 */
export function checkVote(v: VoteInput): boolean {
  if (!Number.isInteger(v.eligible) || v.eligible < 1) throw errors.invalid('eligible', { 'zh-CN': '应为正整数', 'en-US': 'must be a positive whole number' });
  if (!Number.isInteger(v.present) || v.present < 0 || v.present > v.eligible) {
    throw errors.invalid('present', { 'zh-CN': '应在 0 与有表决权的团员数之间', 'en-US': 'must be between 0 and the eligible members' });
  }
  if (!Number.isInteger(v.yes) || v.yes < 0 || v.yes > v.present) {
    throw errors.invalid('yes', { 'zh-CN': '应在 0 与到会人数之间', 'en-US': 'must be between 0 and those present' });
  }
  if (v.present * 2 <= v.eligible) {
    throw errors.rule('present', {
      'zh-CN': `到会 ${v.present} 人未超过有表决权团员 ${v.eligible} 人的半数，会议无效`,
      'en-US': `${v.present} present is not more than half of ${v.eligible} voting members: no quorum`,
    });
  }
  return v.yes * 2 > v.present;
}
