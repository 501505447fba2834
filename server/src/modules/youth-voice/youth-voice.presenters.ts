import { Type } from '@fastify/type-provider-typebox';
import { decodeCursor, encodeCursor, Nullable } from '../../platform/http.ts';
import { can, type Actor } from '../../platform/access/scope.ts';
import type { Lang } from '../../platform/errors.ts';
import { ageBandLabels, categoryLabels, outcomeLabels, questionWorkflow, wishWorkflow } from './youth-voice.rules.ts';
import {
  ageBands,
  donorKinds,
  outcomeKinds,
  questionCategories,
  questionStatuses,
  wishStatuses,
  type yvOutcome,
  type yvQuestion,
  type yvWish,
} from './youth-voice.schema.ts';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const OutcomeOut = Type.Object({
  id: Type.String(),
  kind: Type.Enum(outcomeKinds),
  kindLabel: Type.String(),
  refId: Type.String(),
  note: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const QuestionOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  receivedOrgId: Type.Integer(),
  category: Type.Enum(questionCategories),
  categoryLabel: Type.String(),
  title: Type.String(),
  content: Type.String(),
  anonymous: Type.Boolean(),
  askerName: Nullable(Type.String()),
  askerPhone: Nullable(Type.String({ description: 'masked' })),
  status: Type.Enum(questionStatuses),
  statusLabel: Type.String(),
  expert: Nullable(Type.String()),
  routedAt: Nullable(Type.String()),
  answer: Nullable(Type.String()),
  answerFlags: Type.Array(Type.String(), { description: 'listed words found in the answer' }),
  needsReview: Type.Boolean({ description: 'the answer has listed words and no reviewer has approved it' }),
  answeredAt: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String()),
  reviewComment: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  rejectReason: Nullable(Type.String()),
  createdAt: Type.String(),
  outcomeCount: Type.Integer(),
  outcomes: Type.Optional(Type.Array(OutcomeOut)),
});

export function presentQuestion(q: typeof yvQuestion.$inferSelect, orgName: string, lang: Lang, outcomeCount: number) {
  const flags = q.answerFlags ?? [];
  return {
    id: q.id,
    orgId: q.orgId,
    orgName,
    receivedOrgId: q.receivedOrgId,
    category: q.category,
    categoryLabel: categoryLabels[q.category][lang],
    title: q.title,
    content: q.body,
    anonymous: q.anonymous,
    askerName: q.anonymous ? null : q.askerName,
    askerPhone: q.askerPhoneMasked,
    status: q.status,
    statusLabel: questionWorkflow.states[q.status][lang],
    expert: q.expert,
    routedAt: iso(q.routedAt),
    answer: q.answer,
    answerFlags: flags,
    needsReview: q.status === 'answered' && flags.length > 0 && !q.reviewedAt,
    answeredAt: iso(q.answeredAt),
    reviewedAt: iso(q.reviewedAt),
    reviewComment: q.reviewComment,
    publishedAt: iso(q.publishedAt),
    rejectReason: q.rejectReason,
    createdAt: q.createdAt.toISOString(),
    outcomeCount,
  };
}

export function presentOutcome(o: typeof yvOutcome.$inferSelect, lang: Lang) {
  return { id: o.id, kind: o.kind, kindLabel: outcomeLabels[o.kind][lang], refId: o.refId, note: o.note, createdAt: o.createdAt.toISOString() };
}

export const FileOut = Type.Object({ id: Type.String(), fileName: Type.String(), contentType: Type.String(), size: Type.Integer() });

export const WishOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  source: Type.String(),
  questionId: Nullable(Type.String()),
  wish: Type.String(),
  ageBand: Type.Enum(ageBands),
  ageBandLabel: Type.String(),
  area: Type.String(),
  childName: Type.String({ description: 'masked' }),
  guardianPhone: Type.String({ description: 'masked' }),
  submitterName: Nullable(Type.String()),
  submitterPhone: Nullable(Type.String({ description: 'masked' })),
  status: Type.Enum(wishStatuses),
  statusLabel: Type.String(),
  reviewComment: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  donorKind: Nullable(Type.Enum(donorKinds)),
  donorName: Nullable(Type.String()),
  donorPhone: Nullable(Type.String({ description: 'masked' })),
  claimedAt: Nullable(Type.String()),
  deliveredOn: Nullable(Type.String()),
  receiverConfirmation: Nullable(Type.String()),
  followUp: Nullable(Type.String()),
  followedUpOn: Nullable(Type.String()),
  createdAt: Type.String(),
  canViewSealed: Type.Boolean({ description: 'the caller supervises this subtree or recorded the wish' }),
  proofs: Type.Optional(Type.Array(FileOut)),
});

export function presentWish(w: typeof yvWish.$inferSelect, orgName: string, path: string, actor: Actor, lang: Lang) {
  return {
    id: w.id,
    orgId: w.orgId,
    orgName,
    source: w.source,
    questionId: w.questionId,
    wish: w.wish,
    ageBand: w.ageBand,
    ageBandLabel: ageBandLabels[w.ageBand][lang],
    area: w.area,
    childName: w.childNameMasked,
    guardianPhone: w.guardianPhoneMasked,
    submitterName: w.submitterName,
    submitterPhone: w.submitterPhoneMasked,
    status: w.status,
    statusLabel: wishWorkflow.states[w.status][lang],
    reviewComment: w.reviewComment,
    publishedAt: iso(w.publishedAt),
    donorKind: w.donorKind,
    donorName: w.donorName,
    donorPhone: w.donorPhoneMasked,
    claimedAt: iso(w.claimedAt),
    deliveredOn: w.deliveredOn,
    receiverConfirmation: w.receiverConfirmation,
    followUp: w.followUp,
    followedUpOn: w.followedUpOn,
    createdAt: w.createdAt.toISOString(),
    canViewSealed: can(actor, 'service.supervise', path) || w.recordedBy === actor.accountId,
  };
}

const uuidLike = /^[0-9a-f-]{36}$/i;
/** A keyset cursor of [timestamp text, id] as this server handed it out; anything else starts over. */
export function timeIdCursor(cursor: string | undefined): [string, string] | null {
  const c = decodeCursor(cursor);
  if (!c || typeof c[0] !== 'string' || typeof c[1] !== 'string' || !uuidLike.test(c[1]) || Number.isNaN(Date.parse(c[0].replace(' ', 'T')))) return null;
  return [c[0], c[1]];
}
export const nextTimeIdCursor = (more: boolean, last: { key: string; id: string } | undefined) => (more && last ? encodeCursor([last.key, last.id]) : null);
