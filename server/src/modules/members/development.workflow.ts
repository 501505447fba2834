import { defineWorkflow } from '../../platform/workflow/workflow.ts';
import { openStages, type ApplicationStage, type PendingStage } from './members.schema.ts';

/** 团员发展, in the order of 发展团员工作细则: each move is stored with date, actor and evidence. */
export const development = defineWorkflow<
  ApplicationStage,
  'apply' | 'activist' | 'lessons' | 'candidate' | 'review' | 'vote' | 'vote_failed' | 'approve' | 'ceremony' | 'reject' | 'withdraw'
>({
  name: 'member.development',
  states: {
    applied: { 'zh-CN': '已递交入团申请', 'en-US': 'Applied' },
    activist: { 'zh-CN': '入团积极分子', 'en-US': 'Activist' },
    candidate: { 'zh-CN': '发展对象（待上级预审）', 'en-US': 'Candidate (awaiting pre-review)' },
    reviewed: { 'zh-CN': '发展对象（已预审，待支部大会表决）', 'en-US': 'Candidate (pre-reviewed, awaiting the vote)' },
    voted: { 'zh-CN': '支部大会通过，待上级批准', 'en-US': 'Voted in, awaiting approval' },
    approved: { 'zh-CN': '已批准入团，待举行入团仪式', 'en-US': 'Approved, awaiting the ceremony' },
    inducted: { 'zh-CN': '已举行入团仪式', 'en-US': 'Ceremony held' },
    rejected: { 'zh-CN': '未予发展', 'en-US': 'Not admitted' },
    withdrawn: { 'zh-CN': '本人撤回', 'en-US': 'Withdrawn' },
  },
  transitions: {
    apply: { from: [null], to: 'applied', label: { 'zh-CN': '递交入团申请', 'en-US': 'Apply' } },
    activist: { from: ['applied'], to: 'activist', label: { 'zh-CN': '确定为入团积极分子', 'en-US': 'Name as activist' } },
    lessons: { from: ['activist'], to: 'activist', label: { 'zh-CN': '登记团课学时', 'en-US': 'Record lesson hours' } },
    candidate: { from: ['activist'], to: 'candidate', label: { 'zh-CN': '确定为发展对象', 'en-US': 'Choose as candidate' } },
    review: { from: ['candidate'], to: 'reviewed', label: { 'zh-CN': '上级团委预审', 'en-US': 'Pre-review' } },
    vote: { from: ['reviewed'], to: 'voted', label: { 'zh-CN': '支部团员大会表决通过', 'en-US': 'Branch meeting vote' } },
    vote_failed: { from: ['reviewed'], to: 'reviewed', label: { 'zh-CN': '支部团员大会表决未通过', 'en-US': 'Branch meeting vote failed' } },
    approve: { from: ['voted'], to: 'approved', label: { 'zh-CN': '上级团委批准', 'en-US': 'Approve' } },
    ceremony: { from: ['approved'], to: 'inducted', label: { 'zh-CN': '举行入团仪式', 'en-US': 'Hold the ceremony' } },
    reject: { from: openStages, to: 'rejected', label: { 'zh-CN': '不予发展', 'en-US': 'Reject' } },
    withdraw: { from: openStages, to: 'withdrawn', label: { 'zh-CN': '撤回申请', 'en-US': 'Withdraw' } },
  },
});

export type DevelopmentAction = keyof typeof development.transitions;

/** The next thing to do at each pending stage, for boards and the applicant's phone page. */
export const nextAction: Record<PendingStage, DevelopmentAction> & Partial<Record<ApplicationStage, DevelopmentAction>> = {
  applied: 'activist',
  activist: 'candidate',
  candidate: 'review',
  reviewed: 'vote',
  voted: 'approve',
  approved: 'ceremony',
};
