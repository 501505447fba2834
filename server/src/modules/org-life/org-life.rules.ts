import { Type } from '@fastify/type-provider-typebox';
import type { Messages } from '../../platform/errors.ts';
import { defineSetting } from '../../platform/settings/settings.ts';
import type { MeetingKind } from './org-life.schema.ts';

export const meetingKindLabels: Record<MeetingKind, Messages> = {
  general_meeting: { 'zh-CN': '支部团员大会', 'en-US': 'General meeting' },
  committee_meeting: { 'zh-CN': '支部委员会', 'en-US': 'Committee meeting' },
  group_meeting: { 'zh-CN': '团小组会', 'en-US': 'Group meeting' },
  lesson: { 'zh-CN': '团课', 'en-US': 'League lesson' },
  theme_day: { 'zh-CN': '主题团日', 'en-US': 'Theme day' },
};

export const frequencies = ['monthly', 'quarterly', 'half_yearly', 'yearly', 'none'] as const;
export type Frequency = (typeof frequencies)[number];
const Freq = Type.Union([Type.Literal('monthly'), Type.Literal('quarterly'), Type.Literal('half_yearly'), Type.Literal('yearly'), Type.Literal('none')]);

/** How often each kind is due (三会两制一课); 'none' = as needed, never counted as due. */
export const frequenciesSetting = defineSetting({
  key: 'orgLife.frequencies',
  label: { 'zh-CN': '组织生活频次', 'en-US': 'Meeting frequencies' },
  description: {
    'zh-CN': '支部团员大会每季度、支部委员会每月、团课每季度；团小组会和主题团日按需',
    'en-US': 'General meeting quarterly, committee monthly, lesson quarterly; group meetings and theme days as needed',
  },
  schema: Type.Object({ general_meeting: Freq, committee_meeting: Freq, group_meeting: Freq, lesson: Freq, theme_day: Freq }),
  default: { general_meeting: 'quarterly', committee_meeting: 'monthly', group_meeting: 'none', lesson: 'quarterly', theme_day: 'none' },
});
export type Frequencies = typeof frequenciesSetting.default;

export const complianceTargetSetting = defineSetting({
  key: 'orgLife.complianceTarget',
  label: { 'zh-CN': '组织生活落实率目标（%）', 'en-US': 'Meeting compliance target (%)' },
  schema: Type.Integer({ minimum: 0, maximum: 100 }),
  default: 90,
});

const monthsPer: Record<Exclude<Frequency, 'none'>, number> = { monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 };

/** The first day of the slot (month, quarter, half-year or year) a date falls in. */
export function slotOf(date: string, f: Exclude<Frequency, 'none'>): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const n = monthsPer[f];
  const start = Math.floor((m - 1) / n) * n + 1;
  return `${y}-${String(start).padStart(2, '0')}-01`;
}

function slotEnd(start: string, f: Exclude<Frequency, 'none'>): string {
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7)) + monthsPer[f];
  return new Date(Date.UTC(y, m - 1, 0)).toISOString().slice(0, 10);
}

function nextSlot(start: string, f: Exclude<Frequency, 'none'>): string {
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7)) + monthsPer[f];
  return new Date(Date.UTC(y, m - 1, 1)).toISOString().slice(0, 10);
}

export type KindCompliance = { held: number; due: number };

/**
 * Held / due for one kind in a window. Every slot that ended inside the window is due; the
 * slot still running counts only once it is met, so a meeting recorded today shows at once
 * and a branch is never behind for a month that is not over. `held` counts met slots.
 */
export function kindCompliance(f: Frequency, window: { start: string; end: string }, heldOn: readonly string[]): KindCompliance {
  if (f === 'none' || window.start > window.end) return { held: 0, due: 0 };
  const met = new Set(heldOn.filter((d) => d >= window.start && d <= window.end).map((d) => slotOf(d, f)));
  let held = 0;
  let due = 0;
  for (let s = slotOf(window.start, f); s <= window.end; s = nextSlot(s, f)) {
    const isMet = met.has(s);
    if (slotEnd(s, f) <= window.end || isMet) due += 1;
    if (isMet) held += 1;
  }
  return { held, due };
}

/** The part of a period a branch is accountable for: from its establishment, up to today. */
export function windowOf(period: { from: string; to: string }, establishedOn: string | null, today: string): { start: string; end: string } {
  const start = establishedOn && establishedOn > period.from ? establishedOn : period.from;
  const end = period.to < today ? period.to : today;
  return { start, end };
}

export const rate = (held: number, due: number): number | null => (due > 0 ? Math.round((held * 1000) / due) / 10 : null);

/** Hours are entered in steps of 0.5 学时 and stored in tenths. */
export function hoursToTenths(hours: number): number {
  return Math.round(hours * 10);
}
