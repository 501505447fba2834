import { describe, expect, it } from 'vitest';
import { addDays, ageOn } from '../../platform/dates.ts';
import { AppError } from '../../platform/errors.ts';
import { checkAdmission, checkApplicantAge, checkDate, checkVote, latestBirthDateAtAge } from './members.rules.ts';

/** The error a rule throws, as the API would send it: code and field. */
function refusal(fn: () => unknown): { code: string; field?: string } | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { code: err.code, field: err.field };
  }
}

const farFuture = '2199-12-31';

describe('pure member rules', () => {
  it('counts a branch vote: quorum above half, passed above half of those present', () => {
    expect(checkVote({ eligible: 10, present: 6, yes: 4 })).toBe(true);
    expect(checkVote({ eligible: 10, present: 6, yes: 3 })).toBe(false);
    expect(refusal(() => checkVote({ eligible: 10, present: 5, yes: 5 }))).toEqual({ code: 'members.no_quorum', field: 'present' });
    expect(refusal(() => checkVote({ eligible: 10, present: 11, yes: 5 }))).toEqual({ code: 'validation', field: 'present' });
  });

  it('a step date cannot be before the step it follows', () => {
    const what = { 'zh-CN': '申请日期', 'en-US': 'the application date' };
    expect(checkDate('date', '2025-03-01', '2025-06-01', { day: '2025-03-01', what })).toBe('2025-03-01');
    expect(refusal(() => checkDate('date', '2025-02-28', '2025-06-01', { day: '2025-03-01', what }))).toEqual({
      code: 'members.date_before',
      field: 'date',
    });
    expect(refusal(() => checkDate('date', '2025-02-29', '2025-06-01'))).toEqual({ code: 'validation', field: 'date' });
  });

  it('admits from the 14th birthday to the day before the 28th', () => {
    expect(refusal(() => checkAdmission('2008-06-01', '2022-05-31', farFuture))).toEqual({ code: 'members.too_young', field: 'admittedOn' });
    expect(checkAdmission('2008-06-01', '2022-06-01', farFuture)).toBe('2022-06-01');
    expect(checkAdmission('1997-06-01', '2025-05-31', farFuture)).toBe('2025-05-31');
    expect(refusal(() => checkAdmission('1997-06-01', '2025-06-01', farFuture))).toEqual({ code: 'members.too_old', field: 'admittedOn' });
  });

  it('a 29 February birth turns 14 and 28 on 1 March in common years', () => {
    // 2022 is a common year: the 14th birthday is 1 March (once written as 2022-02-29).
    const young = (() => {
      try {
        checkAdmission('2008-02-29', '2022-02-28', farFuture);
      } catch (err) {
        return err as AppError;
      }
    })();
    expect(young?.code).toBe('members.too_young');
    expect(young?.messages['zh-CN']).toContain('2022-03-01');
    expect(young?.messages['zh-CN']).not.toContain('2022-02-29');
    expect(checkAdmission('2008-02-29', '2022-03-01', farFuture)).toBe('2022-03-01');
    // 2100 is a common year too (not divisible by 400): the 28th birthday of a 2072-02-29 birth is 2100-03-01.
    expect(checkAdmission('2072-02-29', '2100-02-28', farFuture)).toBe('2100-02-28');
    expect(refusal(() => checkAdmission('2072-02-29', '2100-03-01', farFuture))).toEqual({ code: 'members.too_old', field: 'admittedOn' });
    // In a leap year the birthday is the day itself.
    expect(checkAdmission('2012-02-29', '2040-02-28', farFuture)).toBe('2040-02-28');
    expect(refusal(() => checkAdmission('2012-02-29', '2040-02-29', farFuture))).toEqual({ code: 'members.too_old', field: 'admittedOn' });
  });

  it('applies the same ages to an application, naming appliedOn', () => {
    expect(refusal(() => checkApplicantAge('2008-02-29', '2022-02-28'))).toEqual({ code: 'members.applicant_too_young', field: 'appliedOn' });
    expect(refusal(() => checkApplicantAge('2008-02-29', '2022-03-01'))).toBeNull();
    expect(refusal(() => checkApplicantAge('1997-06-01', '2025-05-31'))).toBeNull();
    expect(refusal(() => checkApplicantAge('1997-06-01', '2025-06-01'))).toEqual({ code: 'members.applicant_too_old', field: 'appliedOn' });
  });

  it('the age filter of the lists agrees with ageOn, around 29 February too', () => {
    const days = ['2024-02-28', '2024-02-29', '2024-03-01', '2025-02-28', '2025-03-01', '2026-12-31', '2100-02-28', '2100-03-01'];
    for (const day of days) {
      for (const years of [0, 1, 4, 14, 22, 28, 76]) {
        const limit = latestBirthDateAtAge(day, years);
        // Births on the days around the limit, and around 29 February of the years near it.
        const year = Number(limit.slice(0, 4));
        const births = [addDays(limit, -1), limit, addDays(limit, 1)];
        for (const y of [year - 1, year, year + 1]) births.push(`${y}-02-28`, `${y}-03-01`, addDays(`${y}-03-01`, -1));
        for (const birth of births) {
          if (birth > day) continue;
          expect(birth <= limit, `${birth} ${years} years on ${day}`).toBe(ageOn(birth, day) >= years);
        }
      }
    }
  });
});
