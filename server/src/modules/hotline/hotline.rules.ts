// The hotline's rules as pure functions, the clock passed in: business time for SLA clocks,
// the targets of a case, and what a high-risk case needs before it closes.
import { Type, type Static } from '@fastify/type-provider-typebox';
import { defineSetting } from '../../platform/settings/settings.ts';
import type { CaseStatus, RiskLevel } from './hotline.schema.ts';

const chinaOffsetMs = 8 * 3_600_000;
const dayMs = 86_400_000;
const Time = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const ByRisk = Type.Object({
  low: Type.Integer({ minimum: 1, maximum: 525_600 }),
  medium: Type.Integer({ minimum: 1, maximum: 525_600 }),
  high: Type.Integer({ minimum: 1, maximum: 525_600 }),
  critical: Type.Integer({ minimum: 1, maximum: 525_600 }),
});

export const CategoriesSchema = Type.Array(
  Type.Object({
    name: Type.String({ minLength: 1, maxLength: 20 }),
    en: Type.String({ minLength: 1, maxLength: 40 }),
    subcategories: Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { maxItems: 50 }),
  }),
  { minItems: 1, maxItems: 40 },
);
export type Categories = Static<typeof CategoriesSchema>;

/** 12355 categories and sub-categories in force in a subtree. */
export const categoriesSetting = defineSetting({
  key: 'hotline.categories',
  label: { 'zh-CN': '12355 问题类别及子类', 'en-US': '12355 categories and sub-categories' },
  schema: CategoriesSchema,
  default: [
    { name: '心理', en: 'Psychological', subcategories: ['情绪困扰', '学业压力', '人际关系', '恋爱情感', '自伤自杀风险', '网络成瘾'] },
    { name: '法律', en: 'Legal', subcategories: ['校园欺凌', '家庭暴力', '劳动纠纷', '侵权维权', '犯罪预防'] },
    { name: '学业', en: 'Study', subcategories: ['升学咨询', '厌学', '考试焦虑'] },
    { name: '家庭', en: 'Family', subcategories: ['亲子关系', '父母离异', '留守儿童'] },
    { name: '权益', en: 'Rights', subcategories: ['未成年人保护', '受教育权', '隐私侵害'] },
    { name: '就业', en: 'Employment', subcategories: ['求职指导', '创业咨询', '职场适应'] },
    { name: '困境帮扶', en: 'Hardship aid', subcategories: ['生活困难', '助学'] },
    { name: '其他', en: 'Other', subcategories: [] },
  ],
});

export const CalendarSchema = Type.Object({
  /** ISO weekdays that are working days (1 Monday … 7 Sunday) */
  workdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7 }),
  start: Time,
  end: Time,
  /** public holidays (no SLA time counts) */
  holidays: Type.Array(Day, { maxItems: 400 }),
  /** weekend days worked in exchange for a holiday (调休上班) */
  extraWorkdays: Type.Array(Day, { maxItems: 100 }),
});
export type Calendar = Static<typeof CalendarSchema>;

/** Business hours and holidays the SLA clocks of low and medium risk cases count in. */
export const calendarSetting = defineSetting({
  key: 'hotline.calendar',
  label: { 'zh-CN': '12355 工作时间与节假日', 'en-US': '12355 business hours and holidays' },
  schema: CalendarSchema,
  default: {
    workdays: [1, 2, 3, 4, 5],
    start: '08:30',
    end: '17:30',
    holidays: [
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-23',
      '2026-04-06',
      '2026-05-01',
      '2026-05-04',
      '2026-05-05',
      '2026-06-19',
      '2026-09-25',
      '2026-10-01',
      '2026-10-02',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ],
    extraWorkdays: ['2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
});

export const SlaSchema = Type.Object({
  /** minutes to a first response, by risk */
  firstResponse: ByRisk,
  /** minutes to closure, by risk */
  resolution: ByRisk,
  /** risks whose clocks run around the clock (emergencies do not wait for office hours) */
  calendarRisks: Type.Array(Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high'), Type.Literal('critical')]), { maxItems: 4 }),
  /** a high-risk case's follow-up is due this many hours after its escalation */
  followUpHours: Type.Integer({ minimum: 1, maximum: 720 }),
  /** per category: targets that differ from the above */
  byCategory: Type.Record(Type.String({ maxLength: 20 }), Type.Object({ firstResponse: Type.Optional(ByRisk), resolution: Type.Optional(ByRisk) })),
});
export type Sla = Static<typeof SlaSchema>;

export const slaSetting = defineSetting({
  key: 'hotline.sla',
  label: { 'zh-CN': '12355 时限（分钟）', 'en-US': '12355 service targets (minutes)' },
  description: {
    'zh-CN': '首次响应和办结时限，按风险等级，可按类别另设；中低风险按工作时间计，高风险按自然时间计',
    'en-US': 'first response and resolution targets by risk, optionally per category; low and medium count business time, high and critical clock time',
  },
  schema: SlaSchema,
  default: {
    firstResponse: { low: 480, medium: 240, high: 60, critical: 15 },
    resolution: { low: 5400, medium: 2700, high: 4320, critical: 1440 },
    calendarRisks: ['high', 'critical'],
    followUpHours: 72,
    byCategory: { 法律: { resolution: { low: 8100, medium: 5400, high: 4320, critical: 1440 } } },
  },
});

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const dayOf = (localMs: number) => new Date(localMs - (localMs % dayMs)).toISOString().slice(0, 10);

/** A working day under the calendar: holidays off, 调休 weekends on, else by weekday. */
export function isWorkday(day: string, cal: Calendar): boolean {
  if (cal.holidays.includes(day)) return false;
  if (cal.extraWorkdays.includes(day)) return true;
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
  return cal.workdays.includes(wd);
}

/** The business window of a China day as local milliseconds, or null on a day off. */
function windowOf(dayStartLocal: number, cal: Calendar): [number, number] | null {
  const s = minutesOf(cal.start);
  const e = minutesOf(cal.end);
  if (e <= s || !isWorkday(dayOf(dayStartLocal), cal)) return null;
  return [dayStartLocal + s * 60_000, dayStartLocal + e * 60_000];
}

// A calendar with no working time at all would never reach a due time: count clock time then.
const maxDays = 3700;
function hasWorkingTime(cal: Calendar): boolean {
  return minutesOf(cal.end) > minutesOf(cal.start) && (cal.workdays.length > 0 || cal.extraWorkdays.length > 0);
}

/** The moment `minutes` of business time after `start`. */
export function addBusinessMinutes(start: Date, minutes: number, cal: Calendar): Date {
  if (minutes <= 0) return start;
  if (!hasWorkingTime(cal)) return new Date(start.getTime() + minutes * 60_000);
  let t = start.getTime() + chinaOffsetMs;
  let left = minutes * 60_000;
  for (let i = 0; i < maxDays; i++) {
    const dayStart = t - (t % dayMs);
    const w = windowOf(dayStart, cal);
    if (w) {
      const from = Math.max(t, w[0]);
      if (from < w[1]) {
        const avail = w[1] - from;
        if (left <= avail) return new Date(from + left - chinaOffsetMs);
        left -= avail;
      }
    }
    t = dayStart + dayMs;
  }
  return new Date(start.getTime() + minutes * 60_000);
}

/** Business minutes between two moments (0 when `to` is not after `from`). */
export function businessMinutesBetween(from: Date, to: Date, cal: Calendar): number {
  if (to <= from) return 0;
  if (!hasWorkingTime(cal)) return Math.floor((to.getTime() - from.getTime()) / 60_000);
  let t = from.getTime() + chinaOffsetMs;
  const end = to.getTime() + chinaOffsetMs;
  let ms = 0;
  for (let i = 0; i < maxDays && t < end; i++) {
    const dayStart = t - (t % dayMs);
    const w = windowOf(dayStart, cal);
    if (w) ms += Math.max(0, Math.min(end, w[1]) - Math.max(t, w[0]));
    t = dayStart + dayMs;
  }
  return Math.floor(ms / 60_000);
}

/** Minutes of the SLA clock between two moments for a risk: clock time or business time. */
export function clockMinutesBetween(from: Date, to: Date, risk: RiskLevel, sla: Sla, cal: Calendar): number {
  if (sla.calendarRisks.includes(risk)) return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));
  return businessMinutesBetween(from, to, cal);
}

/** Adds SLA-clock minutes to a moment for a risk. */
export function addClockMinutes(start: Date, minutes: number, risk: RiskLevel, sla: Sla, cal: Calendar): Date {
  if (sla.calendarRisks.includes(risk)) return new Date(start.getTime() + minutes * 60_000);
  return addBusinessMinutes(start, minutes, cal);
}

/** The targets of a case: its category's, else the defaults, for its risk. */
export function targetsOf(category: string, risk: RiskLevel, sla: Sla): { firstResponse: number; resolution: number } {
  const own = sla.byCategory[category];
  return { firstResponse: (own?.firstResponse ?? sla.firstResponse)[risk], resolution: (own?.resolution ?? sla.resolution)[risk] };
}

/** The due times of a case received at `receivedAt`, with `paused` clock minutes added. */
export function dueTimes(receivedAt: Date, category: string, risk: RiskLevel, sla: Sla, cal: Calendar, paused = 0) {
  const t = targetsOf(category, risk, sla);
  return {
    firstResponseDueAt: addClockMinutes(receivedAt, t.firstResponse + paused, risk, sla, cal),
    resolutionDueAt: addClockMinutes(receivedAt, t.resolution + paused, risk, sla, cal),
  };
}

export const isHighRisk = (risk: RiskLevel) => risk === 'high' || risk === 'critical';

export type ClosureFacts = {
  risk: RiskLevel;
  status: CaseStatus;
  escalatedAt: Date | null;
  supervisorId: string | null;
  safetyPlan: string | null;
  followedUpAt: Date | null;
  pendingReferral: boolean;
};

/**
 * What still stops a case from closing, the first missing thing: a pending referral (the case stays
 * open until the receiving party confirms); for high and critical risk, an escalation to a named
 * supervisor, a safety plan, and a follow-up after the escalation.
 */
export function closureBlocker(c: ClosureFacts): 'referral_pending' | 'escalation_required' | 'safety_plan_required' | 'follow_up_required' | null {
  if (c.pendingReferral || c.status === 'referred') return 'referral_pending';
  if (!isHighRisk(c.risk)) return null;
  if (!c.escalatedAt || !c.supervisorId) return 'escalation_required';
  if (!c.safetyPlan?.trim()) return 'safety_plan_required';
  if (!c.followedUpAt || c.followedUpAt < c.escalatedAt) return 'follow_up_required';
  return null;
}

/** A case closes as "referred" only once some referral of it has been confirmed by the receiving party. */
export function outcomeBlocker(outcome: string, confirmedReferrals: number): 'referral_unconfirmed' | null {
  return outcome === 'referred' && confirmedReferrals === 0 ? 'referral_unconfirmed' : null;
}

/** 张三 → 张*; 欧阳娜娜 → 欧***; anonymous callers show nothing. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
