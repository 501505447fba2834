import { Type } from '@fastify/type-provider-typebox';
import type { Messages } from '../../platform/errors.ts';
import { isPlainLabel } from '../../platform/validation.ts';
import { defineSetting } from '../../platform/settings/settings.ts';
import { defineWorkflow } from '../../platform/workflow/workflow.ts';
import { youthVoiceErrors as E } from './youth-voice.errors.ts';
import type { AgeBand, OutcomeKind, QuestionCategory, QuestionStatus, WishStatus } from './youth-voice.schema.ts';

/** Words an answer may not carry into public without a reviewer's approval; set per subtree. */
export const sensitiveWordsSetting = defineSetting({
  key: 'youthVoice.sensitiveWords',
  label: { 'zh-CN': '青年之声敏感词', 'en-US': 'Youth Voice sensitive words' },
  description: {
    'zh-CN': '回答中含有其中任一词语时，须经审核通过后才能公开',
    'en-US': 'an answer containing any of these words is published only after a reviewer approves it',
  },
  schema: Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { maxItems: 500 }),
  default: ['暴力', '自杀', '赌博', '毒品', '色情', '诈骗'],
});

/** The listed words found in a text (case-insensitive, each once, in list order). */
export function sensitiveWordsIn(text: string, words: readonly string[]): string[] {
  const t = text.toLowerCase();
  return [...new Set(words.map((w) => w.trim()).filter((w) => w && t.includes(w.toLowerCase())))];
}

export const questionWorkflow = defineWorkflow<QuestionStatus, 'route' | 'answer' | 'publish' | 'reject'>({
  name: 'youth-voice.question',
  states: {
    received: { 'zh-CN': '待处理', 'en-US': 'Received' },
    routed: { 'zh-CN': '已转交', 'en-US': 'Routed' },
    answered: { 'zh-CN': '已回答', 'en-US': 'Answered' },
    published: { 'zh-CN': '已公开', 'en-US': 'Published' },
    rejected: { 'zh-CN': '不予受理', 'en-US': 'Rejected' },
  },
  transitions: {
    route: { from: ['received', 'routed'], to: 'routed', label: { 'zh-CN': '转交', 'en-US': 'Route' } },
    answer: { from: ['received', 'routed', 'answered'], to: 'answered', label: { 'zh-CN': '回答', 'en-US': 'Answer' } },
    publish: { from: ['answered'], to: 'published', label: { 'zh-CN': '公开', 'en-US': 'Publish' } },
    reject: { from: ['received', 'routed'], to: 'rejected', label: { 'zh-CN': '不予受理', 'en-US': 'Reject' } },
  },
});

export type WishAction = 'approve' | 'reject' | 'publish' | 'claim' | 'deliver' | 'follow_up';
export const wishWorkflow = defineWorkflow<WishStatus, WishAction>({
  name: 'youth-voice.wish',
  states: {
    submitted: { 'zh-CN': '待审核', 'en-US': 'Submitted' },
    approved: { 'zh-CN': '已审核', 'en-US': 'Approved' },
    published: { 'zh-CN': '已发布', 'en-US': 'Published' },
    claimed: { 'zh-CN': '已认领', 'en-US': 'Claimed' },
    delivered: { 'zh-CN': '已实现', 'en-US': 'Delivered' },
    followed_up: { 'zh-CN': '已回访', 'en-US': 'Followed up' },
    rejected: { 'zh-CN': '未通过', 'en-US': 'Rejected' },
  },
  transitions: {
    approve: { from: ['submitted'], to: 'approved', label: { 'zh-CN': '审核通过', 'en-US': 'Approve' } },
    reject: { from: ['submitted', 'approved'], to: 'rejected', label: { 'zh-CN': '审核不通过', 'en-US': 'Reject' } },
    publish: { from: ['approved'], to: 'published', label: { 'zh-CN': '发布', 'en-US': 'Publish' } },
    claim: { from: ['published'], to: 'claimed', label: { 'zh-CN': '认领', 'en-US': 'Claim' } },
    deliver: { from: ['claimed'], to: 'delivered', label: { 'zh-CN': '送达', 'en-US': 'Deliver' } },
    follow_up: { from: ['delivered'], to: 'followed_up', label: { 'zh-CN': '回访', 'en-US': 'Follow up' } },
  },
});

export const categoryLabels: Record<QuestionCategory, Messages> = {
  study: { 'zh-CN': '学业', 'en-US': 'Study' },
  work: { 'zh-CN': '就业创业', 'en-US': 'Work' },
  psychology: { 'zh-CN': '心理', 'en-US': 'Psychology' },
  law: { 'zh-CN': '法律', 'en-US': 'Law' },
  rights: { 'zh-CN': '权益', 'en-US': 'Rights' },
  league: { 'zh-CN': '团务', 'en-US': 'League affairs' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};
export const outcomeLabels: Record<OutcomeKind, Messages> = {
  case: { 'zh-CN': '转 12355 个案', 'en-US': '12355 case' },
  wish: { 'zh-CN': '转微心愿', 'en-US': 'Micro-wish' },
  suggestion: { 'zh-CN': '转意见建议', 'en-US': 'Suggestion' },
};
export const ageBandLabels: Record<AgeBand, Messages> = {
  '0-5': { 'zh-CN': '学龄前（0–5 岁）', 'en-US': 'Pre-school (0–5)' },
  '6-11': { 'zh-CN': '小学（6–11 岁）', 'en-US': 'Primary (6–11)' },
  '12-14': { 'zh-CN': '初中（12–14 岁）', 'en-US': 'Junior high (12–14)' },
  '15-17': { 'zh-CN': '高中（15–17 岁）', 'en-US': 'Senior high (15–17)' },
};

const required: Messages = { 'zh-CN': '不能为空', 'en-US': 'is required' };

/** A trimmed text of at most `max` characters; `label` texts (one line) refuse angle brackets and control characters. */
export function text(field: string, v: string | null | undefined, max: number, opts: { optional?: boolean; label?: boolean } = {}): string | null {
  const s = (v ?? '').trim();
  if (!s) {
    if (opts.optional) return null;
    throw E.invalid(field, required);
  }
  if ([...s].length > max) throw E.invalid(field, { 'zh-CN': `不能超过 ${max} 个字`, 'en-US': `at most ${max} characters` });
  if (opts.label && !isPlainLabel(s)) throw E.invalid(field, { 'zh-CN': '不能含尖括号或控制字符', 'en-US': 'no angle brackets or control characters' });
  return s;
}
export function requiredText(field: string, v: string | null | undefined, max: number, label = false): string {
  return text(field, v, max, { label }) as string;
}

/** A mobile (11 digits) or a landline (area code and number) number, spaces and dashes dropped. */
export function phone(field: string, v: string | null | undefined, opts: { optional?: boolean } = {}): string | null {
  const s = (v ?? '').replace(/[\s-]/g, '');
  if (!s) {
    if (opts.optional) return null;
    throw E.invalid(field, required);
  }
  if (!/^(1[3-9]\d{9}|0\d{9,11})$/.test(s)) {
    throw E.invalid(field, { 'zh-CN': '应为 11 位手机号或带区号的固定电话', 'en-US': 'must be an 11-digit mobile or a landline with its area code' });
  }
  return s;
}

/** 张小明 → 张** : enough to tell records apart on a list, not to identify a child. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}
