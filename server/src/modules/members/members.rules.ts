import { Type } from 'typebox';
import { addMonths, ageOn, birthdayAt, isDate } from '../../platform/dates.ts';
import { errors, type Messages } from '../../platform/errors.ts';
import { maxMemberAge, minJoinAge } from '../../platform/league.ts';
import { isBranch, type OrgRow } from '../../platform/org-tree/org-tree.ts';
import { defineSetting } from '../../platform/settings/settings.ts';
import { membersErrors } from './members.errors.ts';

// Pure league rules for members (团章, 发展团员工作细则): no database here, so they are tested directly.
// Ages, birthdays and the league's ages (14, 28) are the kernel's (platform/dates, platform/league).

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

/** Development numbers are required for admissions on or after this day. */
export const devNumberSince = '2017-01-01';

/**
 * The latest birth date of someone at least `years` old on `day`: ageOn(b, day) ≥ years ⇔
 * b ≤ this. A 29 February birth grows a year older on 1 March in common years, as addMonths'
 * clipping to 28 February gives. Lists filter by age with a plain comparison on the birth date.
 */
export function latestBirthDateAtAge(day: string, years: number): string {
  return addMonths(day, -12 * years);
}

/** A business date: valid, not in the future, not before `notBefore` (named in the message). */
export function checkDate(field: string, value: string | null | undefined, today: string, notBefore?: { day: string | null; what: Messages }): string {
  if (!isDate(value)) throw membersErrors.invalid(field, { 'zh-CN': '请填写有效日期（YYYY-MM-DD）', 'en-US': 'a valid date YYYY-MM-DD is required' });
  if (value > today) throw membersErrors.invalid(field, { 'zh-CN': '不能晚于今天', 'en-US': 'must not be in the future' });
  if (notBefore?.day && value < notBefore.day) throw membersErrors.date_before(field, { what: notBefore.what, day: notBefore.day });
  return value;
}

/** Admission: a real day, not in the future, at age 14 or older and before the 28th birthday. */
export function checkAdmission(birthDate: string, admittedOn: string | null | undefined, today: string, field = 'admittedOn'): string {
  const day = checkDate(field, admittedOn, today);
  const joinDay = birthdayAt(birthDate, minJoinAge);
  if (day < joinDay) throw membersErrors.too_young(field, { age: minJoinAge, day: joinDay });
  if (ageOn(birthDate, day) >= maxMemberAge) throw membersErrors.too_old(field, { age: maxMemberAge });
  return day;
}

/** An application (入团申请): the applicant is 14 or older and not yet 28 on the day. */
export function checkApplicantAge(birthDate: string, appliedOn: string, field = 'appliedOn'): void {
  const joinDay = birthdayAt(birthDate, minJoinAge);
  if (appliedOn < joinDay) throw membersErrors.applicant_too_young(field, { age: minJoinAge, day: joinDay });
  if (ageOn(birthDate, appliedOn) >= maxMemberAge) throw membersErrors.applicant_too_old(field, { age: maxMemberAge });
}

/** 发展团员编号: 12 digits, the first 4 the admission year; required for admissions since 2017. */
export function checkDevelopmentNumber(value: string | null | undefined, admittedOn: string): string | null {
  const v = value?.trim() || null;
  if (!v) {
    if (admittedOn >= devNumberSince) {
      throw membersErrors.invalid('developmentNumber', { 'zh-CN': '2017 年 1 月 1 日以后入团的须填写', 'en-US': 'required for admissions since 2017-01-01' });
    }
    return null;
  }
  if (!/^\d{12}$/.test(v)) throw membersErrors.invalid('developmentNumber', { 'zh-CN': '应为 12 位数字', 'en-US': 'must be 12 digits' });
  if (v.slice(0, 4) !== admittedOn.slice(0, 4)) {
    throw membersErrors.invalid('developmentNumber', {
      'zh-CN': `前 4 位应为入团年份 ${admittedOn.slice(0, 4)}`,
      'en-US': `the first 4 digits must be the admission year ${admittedOn.slice(0, 4)}`,
    });
  }
  return v;
}

/**
 * Members belong to an active branch (团支部 or 临时团支部): the kernel's rule and codes, for an org
 * named where no scope applies (the applicant's own form, a row of an import already in scope).
 * Writes by staff use `orgForWrite(…, { branch: true })`.
 */
export function checkBranch(o: OrgRow, field = 'orgId'): OrgRow {
  if (!isBranch(o)) throw errors.notBranch(field);
  if (o.status !== 'active') throw errors.orgInactive(field);
  return o;
}

export type VoteInput = { eligible: number; present: number; yes: number };

/**
 * 支部团员大会表决: valid only with more than half of the voting members present; passes with
 * yes-votes from more than half of those present. Returns whether it passed.
 */
export function checkVote(v: VoteInput): boolean {
  if (!Number.isInteger(v.eligible) || v.eligible < 1)
    throw membersErrors.invalid('eligible', { 'zh-CN': '应为正整数', 'en-US': 'must be a positive whole number' });
  if (!Number.isInteger(v.present) || v.present < 0 || v.present > v.eligible) {
    throw membersErrors.invalid('present', { 'zh-CN': '应在 0 与有表决权的团员数之间', 'en-US': 'must be between 0 and the eligible members' });
  }
  if (!Number.isInteger(v.yes) || v.yes < 0 || v.yes > v.present) {
    throw membersErrors.invalid('yes', { 'zh-CN': '应在 0 与到会人数之间', 'en-US': 'must be between 0 and those present' });
  }
  if (v.present * 2 <= v.eligible) throw membersErrors.no_quorum('present', { present: v.present, eligible: v.eligible });
  return v.yes * 2 > v.present;
}
