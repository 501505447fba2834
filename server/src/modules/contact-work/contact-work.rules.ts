// The rules of contact work, once: the kinds and ways as the league names them, the contact
// target ("1+100"), the suggestion workflow and its follow-up clock, proposal and pairing states.
import { Type } from '@fastify/type-provider-typebox';
import type { Messages } from '../../platform/errors.ts';
import { defineSetting } from '../../platform/settings/settings.ts';
import { defineWorkflow } from '../../platform/workflow/workflow.ts';
import { addDays } from '../../platform/dates.ts';

const m = (zh: string, en: string): Messages => ({ 'zh-CN': zh, 'en-US': en });

/** "每名专职团干部联系 100 名普通青年": the target per cadre, per subtree. */
export const contactTargetSetting = defineSetting({
  key: 'contactWork.contactTarget',
  label: m('每名团干部联系青年目标数', 'Youths each cadre keeps in touch with'),
  description: m(
    '“1+100”：每名专职团干部联系的普通青年人数目标；按期间内有联系记录的青年计',
    '"1+100": youths each full-time cadre keeps in touch with; counted as youths with a contact logged in the period',
  ),
  schema: Type.Integer({ minimum: 1, maximum: 10_000 }),
  default: 100,
});

/** Cadres the target applies to: 专职 (full-time). */
export const targetCadreKinds = ['full_time'] as const;

export const contactKinds = ['student', 'worker', 'farmer', 'enterprise', 'freelance', 'civil_servant', 'unemployed', 'other'] as const;
export type ContactKind = (typeof contactKinds)[number];
export const contactKindLabels: Record<ContactKind, Messages> = {
  student: m('学生', 'Student'),
  worker: m('职工', 'Worker'),
  farmer: m('农村青年', 'Rural youth'),
  enterprise: m('企业青年', 'Enterprise youth'),
  freelance: m('自由职业/新就业形态', 'Freelance / gig'),
  civil_servant: m('机关事业单位', 'Public sector'),
  unemployed: m('待业青年', 'Job seeker'),
  other: m('其他', 'Other'),
};

export const contactWays = ['face', 'phone', 'wechat', 'visit', 'activity', 'other'] as const;
export type ContactWay = (typeof contactWays)[number];
export const contactWayLabels: Record<ContactWay, Messages> = {
  face: m('面谈', 'In person'),
  phone: m('电话', 'Phone'),
  wechat: m('微信', 'WeChat'),
  visit: m('走访', 'Home visit'),
  activity: m('活动', 'Activity'),
  other: m('其他', 'Other'),
};

export const suggestionSources = ['youth', 'contact', 'youth_voice', 'meeting', 'visit', 'other'] as const;
export type SuggestionSource = (typeof suggestionSources)[number];
export const suggestionSourceLabels: Record<SuggestionSource, Messages> = {
  youth: m('青年反映', 'From a youth'),
  contact: m('联系青年', 'Contact'),
  youth_voice: m('青年之声', 'Youth Voice'),
  meeting: m('座谈会', 'Meeting'),
  visit: m('下沉走访', 'Grassroots visit'),
  other: m('其他', 'Other'),
};

export const suggestionStates = ['collected', 'assigned', 'resolved', 'explained', 'followed_up', 'void'] as const;
export type SuggestionState = (typeof suggestionStates)[number];
export const suggestionActions = ['collect', 'assign', 'resolve', 'explain', 'follow_up', 'void'] as const;
export type SuggestionAction = (typeof suggestionActions)[number];

/** 收集 → 交办 → 解决 / 解释说明 → 回访; voided only before it is settled. */
export const suggestionWorkflow = defineWorkflow<SuggestionState, SuggestionAction>({
  name: 'contact-work.suggestion',
  states: {
    collected: m('已收集', 'Collected'),
    assigned: m('已交办', 'Assigned'),
    resolved: m('已解决', 'Resolved'),
    explained: m('已解释说明', 'Explained'),
    followed_up: m('已回访', 'Followed up'),
    void: m('已作废', 'Void'),
  },
  transitions: {
    collect: { from: [null], to: 'collected', label: m('收集', 'Collect') },
    // reassigning an assigned one is allowed: the new assignee is told
    assign: { from: ['collected', 'assigned'], to: 'assigned', label: m('交办', 'Assign') },
    resolve: { from: ['assigned'], to: 'resolved', label: m('解决', 'Resolve') },
    explain: { from: ['assigned'], to: 'explained', label: m('解释说明', 'Explain') },
    follow_up: { from: ['resolved', 'explained'], to: 'followed_up', label: m('回访', 'Follow up') },
    void: { from: ['collected', 'assigned'], to: 'void', label: m('作废', 'Void') },
  },
});

/** A settled suggestion is followed up (回访) within this many days; the daily job reminds on the day. */
export const followUpDays = 7;
export function followUpDue(settledOn: string): string {
  return addDays(settledOn, followUpDays);
}

export const satisfactions = ['satisfied', 'basically', 'unsatisfied'] as const;
export type Satisfaction = (typeof satisfactions)[number];
export const satisfactionLabels: Record<Satisfaction, Messages> = {
  satisfied: m('满意', 'Satisfied'),
  basically: m('基本满意', 'Mostly satisfied'),
  unsatisfied: m('不满意', 'Unsatisfied'),
};

/** 团代表, 青联委员, 人大代表, 政协委员 */
export const proposalChannels = ['league_deputy', 'youth_federation', 'npc', 'cppcc'] as const;
export type ProposalChannel = (typeof proposalChannels)[number];
export const proposalChannelLabels: Record<ProposalChannel, Messages> = {
  league_deputy: m('团代表', 'League congress deputy'),
  youth_federation: m('青联委员', 'Youth federation member'),
  npc: m('人大代表', "People's congress deputy"),
  cppcc: m('政协委员', 'CPPCC member'),
};

export const proposalStates = ['submitted', 'accepted', 'not_accepted', 'answered', 'withdrawn'] as const;
export type ProposalState = (typeof proposalStates)[number];
export const proposalActions = ['submit', 'accept', 'reject', 'answer', 'withdraw'] as const;
export type ProposalAction = (typeof proposalActions)[number];

/** 提交 → 立案 / 不予立案; 立案 → 答复; withdrawn only before a decision. */
export const proposalWorkflow = defineWorkflow<ProposalState, ProposalAction>({
  name: 'contact-work.proposal',
  states: {
    submitted: m('已提交', 'Submitted'),
    accepted: m('已立案', 'Accepted'),
    not_accepted: m('不予立案', 'Not accepted'),
    answered: m('已答复', 'Answered'),
    withdrawn: m('已撤回', 'Withdrawn'),
  },
  transitions: {
    submit: { from: [null], to: 'submitted', label: m('提交', 'Submit') },
    accept: { from: ['submitted'], to: 'accepted', label: m('立案', 'Accept') },
    reject: { from: ['submitted'], to: 'not_accepted', label: m('不予立案', 'Not accept') },
    answer: { from: ['accepted'], to: 'answered', label: m('答复', 'Answer') },
    withdraw: { from: ['submitted'], to: 'withdrawn', label: m('撤回', 'Withdraw') },
  },
});

export const pairingKinds = ['org_org', 'person_person', 'org_person'] as const;
export type PairingKind = (typeof pairingKinds)[number];
export const pairingKindLabels: Record<PairingKind, Messages> = {
  org_org: m('组织结对', 'Org with org'),
  person_person: m('个人结对', 'Person with person'),
  org_person: m('组织与个人结对', 'Org with person'),
};
export const pairingStatusLabels: Record<'active' | 'ended', Messages> = { active: m('结对中', 'Active'), ended: m('已结束', 'Ended') };

/** A cadre's progress against the target, in whole percent (capped at 100 for the bar). */
export function progressOf(contacted: number, target: number): number {
  return target > 0 ? Math.min(100, Math.floor((contacted * 100) / target)) : 0;
}
