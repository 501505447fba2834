import type { Messages } from '../../platform/errors.ts';
import { defineWorkflow } from '../../platform/workflow/workflow.ts';
import type { CaseStatus } from './hotline.schema.ts';

export const statusLabels: Record<CaseStatus, Messages> = {
  new: { 'zh-CN': '待分派', 'en-US': 'New' },
  active: { 'zh-CN': '处理中', 'en-US': 'In progress' },
  waiting: { 'zh-CN': '等待来电人', 'en-US': 'Waiting on caller' },
  referred: { 'zh-CN': '已转介待确认', 'en-US': 'Referred, awaiting confirmation' },
  closed: { 'zh-CN': '已结案', 'en-US': 'Closed' },
};

/** A case's states and the moves between them; actions that keep the state (sessions, escalation) are audited only. */
export const caseWorkflow = defineWorkflow({
  name: 'hotline.case',
  states: statusLabels,
  transitions: {
    intake: { from: [null], to: 'new', label: { 'zh-CN': '受理', 'en-US': 'Take in' } },
    assign: { from: ['new', 'active', 'waiting'], to: 'active', label: { 'zh-CN': '分派', 'en-US': 'Assign' } },
    transfer: { from: ['new', 'active'], to: 'new', label: { 'zh-CN': '转办', 'en-US': 'Transfer' } },
    refer: { from: ['new', 'active', 'waiting'], to: 'referred', label: { 'zh-CN': '转介', 'en-US': 'Refer out' } },
    confirm_referral: { from: ['referred'], to: 'active', label: { 'zh-CN': '确认转介', 'en-US': 'Confirm referral' } },
    pause: { from: ['new', 'active'], to: 'waiting', label: { 'zh-CN': '等待来电人', 'en-US': 'Wait on caller' } },
    resume: { from: ['waiting'], to: 'active', label: { 'zh-CN': '恢复计时', 'en-US': 'Resume' } },
    close: { from: ['new', 'active', 'waiting'], to: 'closed', label: { 'zh-CN': '结案', 'en-US': 'Close' } },
  },
});
export type CaseTransition = keyof typeof caseWorkflow.transitions;
