import { Type } from '@fastify/type-provider-typebox';
import type { Messages } from '../../platform/errors.ts';
import { defineSetting } from '../../platform/settings/settings.ts';
import { defineWorkflow } from '../../platform/workflow/workflow.ts';
import type { RatingGrade, RatingState } from './org-life.schema.ts';

export const gradeLabels: Record<RatingGrade, Messages> = {
  five_star: { 'zh-CN': '五星', 'en-US': 'Five-star' },
  four_star: { 'zh-CN': '四星', 'en-US': 'Four-star' },
  three_star: { 'zh-CN': '三星', 'en-US': 'Three-star' },
  two_star: { 'zh-CN': '二星（后进）', 'en-US': 'Two-star (lagging)' },
  weak: { 'zh-CN': '软弱涣散', 'en-US': 'Weak and lax' },
};

/** Ratings began with 中青办发〔2019〕6号: the first year a branch can be rated. */
export const firstRatingYear = 2019;
/** A branch set up less than this many months before the year's end (or today) is not rated yet. */
export const minRatingAgeMonths = 6;

/** 中青办发〔2019〕6号 bands: ≥90 五星, 80–89 四星, 70–79 三星, 60–69 二星; below 60 or any veto item: 软弱涣散. */
export function gradeOf(score: number, vetoed: boolean): RatingGrade {
  if (vetoed || score < 60) return 'weak';
  if (score >= 90) return 'five_star';
  if (score >= 80) return 'four_star';
  if (score >= 70) return 'three_star';
  return 'two_star';
}

/**
 * The indicators, 100 points. `metric` names the figure a data indicator reads; when no module
 * registers it (or the branch has no members to measure), the indicator is declared instead.
 */
export type IndicatorDef = { key: string; max: number; label: Messages; source: 'data' | 'declared' | 'data_or_declared'; metric?: string };
export const indicatorDefs: IndicatorDef[] = [
  { key: 'meetings', max: 30, source: 'data', label: { 'zh-CN': '“三会两制一课”落实（按组织生活落实率）', 'en-US': 'Meetings held (compliance rate)' } },
  { key: 'dues', max: 10, source: 'data_or_declared', metric: 'members.arrears', label: { 'zh-CN': '按时足额交纳团费', 'en-US': 'Dues paid' } },
  {
    key: 'registration',
    max: 10,
    source: 'data_or_declared',
    metric: 'members.registrationRate',
    label: { 'zh-CN': '团员年度团籍注册', 'en-US': 'Annual registration' },
  },
  { key: 'development_numbers', max: 10, source: 'data', label: { 'zh-CN': '发展团员编号完整', 'en-US': 'Development numbers complete' } },
  {
    key: 'study',
    max: 10,
    source: 'data_or_declared',
    metric: 'study.participationRate',
    label: { 'zh-CN': '“青年大学习”等学习参与', 'en-US': 'Study participation' },
  },
  { key: 'organization', max: 10, source: 'declared', label: { 'zh-CN': '组织设置与班子建设', 'en-US': 'Organization and committee' } },
  { key: 'education', max: 10, source: 'declared', label: { 'zh-CN': '团员教育管理', 'en-US': 'Member education' } },
  { key: 'role', max: 10, source: 'declared', label: { 'zh-CN': '作用发挥（服务青年、志愿服务）', 'en-US': 'Service to youth and volunteering' } },
];

export const vetoItems = ['no_meetings', 'committee_vacant', 'discipline', 'fraud'] as const;
export type VetoItem = (typeof vetoItems)[number];
export const vetoLabels: Record<VetoItem, Messages> = {
  no_meetings: { 'zh-CN': '全年未开展组织生活', 'en-US': 'No meetings all year' },
  committee_vacant: { 'zh-CN': '支部书记长期空缺', 'en-US': 'Secretary post long vacant' },
  discipline: { 'zh-CN': '团员严重违纪违法造成恶劣影响', 'en-US': 'Serious misconduct with bad influence' },
  fraud: { 'zh-CN': '弄虚作假', 'en-US': 'Falsified records' },
};

/** Quotas per grade: the most a county's branches may hold, as a percentage of its branches. */
export const ratingQuotasSetting = defineSetting({
  key: 'rating.quotas',
  label: { 'zh-CN': '对标定级等次比例上限（%）', 'en-US': 'Rating grade quotas (%)' },
  description: { 'zh-CN': '如五星团支部不超过本县团支部总数的 20%', 'en-US': 'E.g. five-star branches at most 20% of a county’s branches' },
  schema: Type.Object({ five_star: Type.Integer({ minimum: 0, maximum: 100 }), four_star: Type.Integer({ minimum: 0, maximum: 100 }) }),
  default: { five_star: 20, four_star: 100 },
});

export const ratingWorkflow = defineWorkflow<RatingState, 'create' | 'submit' | 'approve' | 'return'>({
  name: 'branch_rating',
  states: {
    draft: { 'zh-CN': '草稿', 'en-US': 'Draft' },
    submitted: { 'zh-CN': '待上级审核', 'en-US': 'Awaiting review' },
    returned: { 'zh-CN': '已退回', 'en-US': 'Returned' },
    approved: { 'zh-CN': '已审定', 'en-US': 'Approved' },
  },
  transitions: {
    create: { from: [null], to: 'draft', label: { 'zh-CN': '自评', 'en-US': 'Self-rate' } },
    submit: { from: ['draft', 'returned'], to: 'submitted', label: { 'zh-CN': '提交', 'en-US': 'Submit' } },
    approve: { from: ['submitted'], to: 'approved', label: { 'zh-CN': '审定', 'en-US': 'Approve' } },
    return: { from: ['submitted'], to: 'returned', label: { 'zh-CN': '退回', 'en-US': 'Return' } },
  },
});
