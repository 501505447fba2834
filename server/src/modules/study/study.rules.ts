import { addDays, isDate } from '../../platform/dates.ts';
import { studyErrors } from './study.errors.ts';

/** The longest an issue stays open: 青年大学习 issues run about a week; a quarter is plenty. */
export const maxEpisodeDays = 92;

export type EpisodeInput = { number: string; title: string; startsOn: string; endsOn: string };

export function checkEpisode(input: EpisodeInput): EpisodeInput {
  const number = input.number.trim();
  const title = input.title.trim();
  if (number.length < 1 || number.length > 30)
    throw studyErrors.invalid('number', { 'zh-CN': '须为 1–30 个字，如“2026年第10期”', 'en-US': 'must be 1–30 characters, e.g. "2026-10"' });
  if (title.length < 2 || title.length > 200) throw studyErrors.invalid('title', { 'zh-CN': '须为 2–200 个字', 'en-US': 'must be 2–200 characters' });
  if (!isDate(input.startsOn)) throw studyErrors.invalid('startsOn', { 'zh-CN': '日期格式应为 YYYY-MM-DD', 'en-US': 'must be a date YYYY-MM-DD' });
  if (!isDate(input.endsOn)) throw studyErrors.invalid('endsOn', { 'zh-CN': '日期格式应为 YYYY-MM-DD', 'en-US': 'must be a date YYYY-MM-DD' });
  if (input.endsOn < input.startsOn) throw studyErrors.invalid('endsOn', { 'zh-CN': '不能早于开始日期', 'en-US': 'cannot be before the start date' });
  if (input.endsOn >= addDays(input.startsOn, maxEpisodeDays)) {
    throw studyErrors.invalid('endsOn', { 'zh-CN': `学习期不能超过 ${maxEpisodeDays} 天`, 'en-US': `an issue runs at most ${maxEpisodeDays} days` });
  }
  return { number, title, startsOn: input.startsOn, endsOn: input.endsOn };
}

const timePattern = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A completion time as the study platform exports it ("2026-03-09 20:15:02", "2026/3/9 20:15",
 * or a date alone), read as Beijing time. Returns the instant and its China date.
 */
export function parseStudiedAt(value: string | undefined): { at: Date; day: string } {
  const m = timePattern.exec((value ?? '').trim());
  if (!m) throw studyErrors.invalid('studiedAt', { 'zh-CN': '格式应为 YYYY-MM-DD HH:mm:ss', 'en-US': 'must be YYYY-MM-DD HH:mm:ss' });
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const day = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isDate(day) || h > 23 || mi > 59 || s > 59) throw studyErrors.invalid('studiedAt', { 'zh-CN': '不是有效的时间', 'en-US': 'is not a valid time' });
  return { at: new Date(Date.UTC(y, mo - 1, d, h - 8, mi, s)), day };
}

/** A participation counts only when the studying happened within the period. */
export function checkWithinPeriod(day: string, episode: { startsOn: string; endsOn: string }, field = 'studiedAt'): void {
  if (day < episode.startsOn || day > episode.endsOn) throw studyErrors.outside_period(field, { from: episode.startsOn, to: episode.endsOn });
}

/** A development number is 12 digits; anything else in that column is read as an ID number. */
export const devNumberPattern = /^\d{12}$/;
