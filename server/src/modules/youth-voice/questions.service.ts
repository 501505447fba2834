import { and, eq, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { uuidPattern } from '../../platform/access/entities.ts';
import type { Permission } from '../../platform/access/roles.ts';
import { listScope, orgForWrite, type Actor, type OrgScope } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { errors, type Messages } from '../../platform/errors.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { maskPhone, type Pii } from '../../platform/pii.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { step } from '../../platform/workflow/workflow.ts';
import { notify } from '../notices/index.ts';
import { youthVoiceErrors as E } from './youth-voice.errors.ts';
import { phone, questionWorkflow, requiredText, sensitiveWordsIn, sensitiveWordsSetting, text } from './youth-voice.rules.ts';
import { type OutcomeKind, type QuestionCategory, type QuestionStatus, yvOutcome, yvQuestion } from './youth-voice.schema.ts';
import { insertWish, type WishInput } from './wishes.service.ts';
import { type Anonymous, publicTrace, serviceAccountsOf, tsKey } from './youth-voice.common.ts';

export type QuestionRow = typeof yvQuestion.$inferSelect & { orgName: string; path: string };

export async function findQuestion(db: DbOrTx, id: string): Promise<QuestionRow | null> {
  if (!uuidPattern.test(id)) return null;
  const [r] = await db
    .select({ q: yvQuestion, orgName: org.name, path: org.path })
    .from(yvQuestion)
    .innerJoin(org, eq(org.id, yvQuestion.orgId))
    .where(eq(yvQuestion.id, id));
  return r ? { ...r.q, orgName: r.orgName, path: r.path } : null;
}

/** The row locked for one change: two clicks on the same button wait for each other, the second sees the new state. */
async function lockQuestion(tx: DbOrTx, id: string): Promise<QuestionRow> {
  await tx.execute(sql`select id from yv_question where id = ${id}::uuid for update`);
  const q = await findQuestion(tx, id);
  if (!q) throw errors.notFound('yvQuestion');
  return q;
}

/** An active org anyone may address: the public pages name it by id. */
async function publicOrg(db: DbOrTx, orgId: number) {
  const o = await findOrg(db, orgId);
  if (!o) throw errors.notFound('org');
  if (o.status !== 'active') throw errors.orgInactive('orgId');
  return o;
}

export type QuestionInput = {
  orgId: number;
  category: QuestionCategory;
  title: string;
  content: string;
  anonymous?: boolean;
  askerName?: string | null;
  phone?: string | null;
  submitKey?: string | null;
};

/**
 * A question from the public page. Anonymous unless the asker gives a name; the phone (optional)
 * is sealed. The same `submitKey` twice (a double tap, a replay) answers the first question.
 */
export async function submitQuestion(
  db: Db,
  pii: Pii,
  input: QuestionInput,
  who: Anonymous,
): Promise<{ id: string; status: QuestionStatus; created: boolean }> {
  const o = await publicOrg(db, input.orgId);
  const title = requiredText('title', input.title, 100, true);
  const body = requiredText('content', input.content, 2000);
  const anonymous = input.anonymous ?? true;
  const askerName = anonymous ? null : text('askerName', input.askerName, 50, { label: true });
  if (!anonymous && !askerName) throw E.invalid('askerName', { 'zh-CN': '实名提问须填写姓名', 'en-US': 'is required unless asking anonymously' });
  const tel = phone('phone', input.phone, { optional: true });
  const key = input.submitKey ?? null;
  if (key) {
    const [seen] = await db.select({ id: yvQuestion.id, status: yvQuestion.status }).from(yvQuestion).where(eq(yvQuestion.submitKey, key));
    if (seen) return { ...seen, created: false };
  }
  return db.transaction(async (tx) => {
    const id = uuidv7();
    const [row] = await tx
      .insert(yvQuestion)
      .values({
        id,
        orgId: o.id,
        receivedOrgId: o.id,
        category: input.category,
        title,
        body,
        anonymous,
        askerName,
        askerPhone: tel ? pii.encrypt(tel) : null,
        askerPhoneMasked: tel ? maskPhone(tel) : null,
        submitKey: key,
      })
      .onConflictDoNothing()
      .returning({ id: yvQuestion.id, status: yvQuestion.status });
    if (!row) {
      // a concurrent replay of the same key won the insert
      const [seen] = await tx
        .select({ id: yvQuestion.id, status: yvQuestion.status })
        .from(yvQuestion)
        .where(eq(yvQuestion.submitKey, key ?? ''));
      if (!seen) throw new Error('question vanished');
      return { ...seen, created: false };
    }
    await audit(tx, null, {
      action: 'youth-voice.question_received',
      entity: 'yvQuestion',
      entityId: id,
      orgId: o.id,
      orgPath: o.path,
      after: { category: input.category, anonymous, ...publicTrace(who) },
    });
    return { ...row, created: true };
  });
}

export type QuestionFilter = {
  orgId?: number;
  status?: QuestionStatus;
  category?: QuestionCategory;
  q?: string;
  from?: string;
  to?: string;
  /** answers with listed words waiting for a reviewer */
  flagged?: boolean;
};

export async function questionConds(db: DbOrTx, actor: Actor, f: QuestionFilter, permission: Permission = 'service.read'): Promise<SQL[]> {
  const scope = await listScope(db, actor, permission, f.orgId);
  return questionWhere(scope, f);
}
function questionWhere(scope: OrgScope, f: QuestionFilter): SQL[] {
  const conds: SQL[] = [scope.where(org.path)];
  if (f.status) conds.push(eq(yvQuestion.status, f.status));
  if (f.category) conds.push(eq(yvQuestion.category, f.category));
  if (f.q?.trim()) conds.push(sql`(${yvQuestion.title} ilike ${containsPattern(f.q.trim())} or ${yvQuestion.body} ilike ${containsPattern(f.q.trim())})`);
  if (f.from) conds.push(sql`${yvQuestion.createdAt} >= (${f.from}::date::timestamp at time zone 'Asia/Shanghai')`);
  if (f.to) conds.push(sql`${yvQuestion.createdAt} < ((${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai')`);
  if (f.flagged)
    conds.push(
      sql`${yvQuestion.status} = 'answered' and jsonb_array_length(coalesce(${yvQuestion.answerFlags}, '[]'::jsonb)) > 0 and ${yvQuestion.reviewedAt} is null`,
    );
  return conds;
}

export type Sort = 'newest' | 'oldest';
export type ListRow = { q: typeof yvQuestion.$inferSelect; orgName: string; outcomes: number; key: string };

/** Keyset over (created_at, id), either way; `after` is the last row's [iso time, id]. */
export async function listQuestions(db: DbOrTx, conds: SQL[], o: { sort: Sort; after: [string, string] | null; limit: number }): Promise<ListRow[]> {
  const desc = o.sort === 'newest';
  const keyset = o.after
    ? desc
      ? sql`(${yvQuestion.createdAt}, ${yvQuestion.id}) < (${o.after[0]}::timestamptz, ${o.after[1]}::uuid)`
      : sql`(${yvQuestion.createdAt}, ${yvQuestion.id}) > (${o.after[0]}::timestamptz, ${o.after[1]}::uuid)`
    : undefined;
  return db
    .select({
      q: yvQuestion,
      orgName: org.name,
      key: tsKey(yvQuestion.createdAt),
      outcomes: sql<number>`(select count(*)::int from yv_outcome x where x.question_id = ${yvQuestion.id})`.mapWith(Number),
    })
    .from(yvQuestion)
    .innerJoin(org, eq(org.id, yvQuestion.orgId))
    .where(and(...conds, keyset))
    .orderBy(desc ? sql`${yvQuestion.createdAt} desc, ${yvQuestion.id} desc` : sql`${yvQuestion.createdAt} asc, ${yvQuestion.id} asc`)
    .limit(o.limit);
}

export async function outcomesOf(db: DbOrTx, questionId: string) {
  return db.select().from(yvOutcome).where(eq(yvOutcome.questionId, questionId)).orderBy(yvOutcome.createdAt);
}

const zhEn = (zh: string, en: string): Messages => ({ 'zh-CN': zh, 'en-US': en });

/** Routes a question to an org in the caller's scope (and optionally an expert there); the org's service accounts are told. */
export async function routeQuestion(db: Db, actor: Actor, id: string, input: { orgId: number; expert?: string | null; comment?: string | null }) {
  const target = await orgForWrite(db, actor, 'service.write', input.orgId);
  const expert = text('expert', input.expert, 50, { optional: true, label: true });
  const comment = text('comment', input.comment, 500, { optional: true });
  return db.transaction(async (tx) => {
    const q = await lockQuestion(tx, id);
    const to = await step(tx, actor, questionWorkflow, q.status, {
      entityId: id,
      orgId: target.id,
      action: 'route',
      comment,
      data: { from: q.orgId, to: target.id, expert },
    });
    await tx.update(yvQuestion).set({ orgId: target.id, expert, status: to, routedAt: new Date(), updatedAt: new Date() }).where(eq(yvQuestion.id, id));
    await audit(tx, actor, {
      action: 'youth-voice.question_routed',
      entity: 'yvQuestion',
      entityId: id,
      orgId: target.id,
      orgPath: target.path,
      before: { orgId: q.orgId, status: q.status },
      after: { orgId: target.id, expert, status: to },
    });
    if (target.id !== q.orgId) {
      await notify(tx, {
        accountIds: (await serviceAccountsOf(tx, target.id)).filter((a) => a !== actor.accountId),
        kind: 'youth-voice.question_routed',
        title: zhEn(`青年之声问题转交：${q.title}`, `Youth Voice question routed to you: ${q.title}`),
        body: zhEn(
          `${q.orgName} 转交至 ${target.name}${expert ? `（专家：${expert}）` : ''}`,
          `From ${q.orgName} to ${target.name}${expert ? ` (expert: ${expert})` : ''}`,
        ),
        link: `/youth-voice/questions/${id}`,
        orgId: target.id,
      });
    }
    return to;
  });
}

/** Records (or revises, before publishing) the answer; the listed words in force at the question's org are flagged. */
export async function answerQuestion(db: Db, actor: Actor, id: string, input: { answer: string }) {
  const answer = requiredText('answer', input.answer, 4000);
  return db.transaction(async (tx) => {
    const q = await lockQuestion(tx, id);
    const words = await getSetting(tx, q.path, sensitiveWordsSetting);
    const flags = sensitiveWordsIn(answer, words);
    const to = await step(tx, actor, questionWorkflow, q.status, { entityId: id, orgId: q.orgId, action: 'answer', data: { flags } });
    await tx
      .update(yvQuestion)
      .set({
        answer,
        answerFlags: flags,
        answeredBy: actor.accountId,
        answeredAt: new Date(),
        reviewedBy: null,
        reviewedAt: null,
        reviewComment: null,
        status: to,
        updatedAt: new Date(),
      })
      .where(eq(yvQuestion.id, id));
    await audit(tx, actor, {
      action: 'youth-voice.question_answered',
      entity: 'yvQuestion',
      entityId: id,
      orgId: q.orgId,
      orgPath: q.path,
      before: { answer: q.answer },
      after: { answer, flags },
    });
    return { status: to, flags };
  });
}

/**
 * A reviewer's decision on an answer carrying listed words: approve lets it be published; return
 * sends it back for a new answer. The answer's author cannot review it.
 */
export async function reviewAnswer(db: Db, actor: Actor, id: string, input: { decision: 'approve' | 'return'; comment?: string | null }) {
  const comment = text('comment', input.comment, 500, { optional: true });
  return db.transaction(async (tx) => {
    const q = await lockQuestion(tx, id);
    if (q.status !== 'answered') throw errors.transitionNotAllowed('decision', questionWorkflow.states[q.status], zhEn('审核', 'Review'));
    if (!q.answerFlags?.length) throw E.nothing_to_review('decision');
    if (q.answeredBy === actor.accountId) throw E.own_review('decision');
    if (input.decision === 'approve') {
      await tx
        .update(yvQuestion)
        .set({ reviewedBy: actor.accountId, reviewedAt: new Date(), reviewComment: comment, updatedAt: new Date() })
        .where(eq(yvQuestion.id, id));
    } else {
      await tx
        .update(yvQuestion)
        .set({ status: 'routed', reviewedBy: null, reviewedAt: null, reviewComment: comment, updatedAt: new Date() })
        .where(eq(yvQuestion.id, id));
    }
    await audit(tx, actor, {
      action: `youth-voice.answer_${input.decision === 'approve' ? 'approved' : 'returned'}`,
      entity: 'yvQuestion',
      entityId: id,
      orgId: q.orgId,
      orgPath: q.path,
      after: { flags: q.answerFlags, comment },
    });
    return input.decision === 'approve' ? 'answered' : 'routed';
  });
}

/** Publishes the Q&A on the public page; an answer with listed words needs a reviewer's approval first. */
export async function publishQuestion(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const q = await lockQuestion(tx, id);
    const to = await step(tx, actor, questionWorkflow, q.status, { entityId: id, orgId: q.orgId, action: 'publish' });
    if (q.answerFlags?.length && !q.reviewedAt) throw E.needs_review('answer', { words: q.answerFlags.join('、') });
    await tx.update(yvQuestion).set({ status: to, publishedAt: new Date(), updatedAt: new Date() }).where(eq(yvQuestion.id, id));
    await audit(tx, actor, {
      action: 'youth-voice.question_published',
      entity: 'yvQuestion',
      entityId: id,
      orgId: q.orgId,
      orgPath: q.path,
      after: { status: to },
    });
    return to;
  });
}

export async function rejectQuestion(db: Db, actor: Actor, id: string, input: { reason: string }) {
  const reason = requiredText('reason', input.reason, 500);
  return db.transaction(async (tx) => {
    const q = await lockQuestion(tx, id);
    const to = await step(tx, actor, questionWorkflow, q.status, { entityId: id, orgId: q.orgId, action: 'reject', comment: reason });
    await tx.update(yvQuestion).set({ status: to, rejectReason: reason, updatedAt: new Date() }).where(eq(yvQuestion.id, id));
    await audit(tx, actor, { action: 'youth-voice.question_rejected', entity: 'yvQuestion', entityId: id, orgId: q.orgId, orgPath: q.path, after: { reason } });
    return to;
  });
}

export type OutcomeInput = { kind: OutcomeKind; refId?: string | null; note?: string | null; wish?: WishInput | null };

/**
 * 听-答-办: an answered question becomes a 12355 case, a suggestion (their modules' ids, kept as
 * references) or a wish (created here, one per question). The same link twice is a 409.
 */
export async function addOutcome(db: Db, pii: Pii, actor: Actor, id: string, input: OutcomeInput) {
  const note = text('note', input.note, 500, { optional: true });
  const refGiven = input.kind === 'wish' ? null : requiredText('refId', input.refId, 64, true);
  if (input.kind === 'wish' && !input.wish) throw E.invalid('wish', { 'zh-CN': '转微心愿须填写心愿内容', 'en-US': 'give the wish to create' });
  return db.transaction(async (tx) => {
    const q = await lockQuestion(tx, id);
    if (q.status !== 'answered' && q.status !== 'published') throw E.not_answered('kind');
    let refId = refGiven ?? '';
    if (input.kind === 'wish' && input.wish) {
      const [had] = await tx
        .select({ id: yvOutcome.id })
        .from(yvOutcome)
        .where(and(eq(yvOutcome.questionId, id), eq(yvOutcome.kind, 'wish')));
      if (had) throw E.conflict('kind', '微心愿');
      refId = await insertWish(tx, pii, actor, { ...input.wish, orgId: q.orgId }, { source: 'question', questionId: id, orgPath: q.path });
    }
    const [dup] = await tx
      .select({ id: yvOutcome.id })
      .from(yvOutcome)
      .where(and(eq(yvOutcome.questionId, id), eq(yvOutcome.kind, input.kind), eq(yvOutcome.refId, refId)));
    if (dup) throw E.conflict('refId', refId);
    const oid = uuidv7();
    await tx.insert(yvOutcome).values({ id: oid, questionId: id, orgId: q.orgId, kind: input.kind, refId, note, createdBy: actor.accountId });
    await audit(tx, actor, {
      action: 'youth-voice.question_acted_on',
      entity: 'yvQuestion',
      entityId: id,
      orgId: q.orgId,
      orgPath: q.path,
      after: { kind: input.kind, refId, note },
    });
    return { id: oid, kind: input.kind, refId };
  });
}

/** Published Q&A for the public page: nothing that identifies the asker. Keyset on (published_at, id) descending. */
export async function publicAnswers(db: DbOrTx, o: { orgId?: number; after: [string, string] | null; limit: number }) {
  const under = o.orgId ? await findOrg(db, o.orgId) : null;
  if (o.orgId && !under) throw errors.notFound('org');
  const rows = await db
    .select({
      id: yvQuestion.id,
      category: yvQuestion.category,
      title: yvQuestion.title,
      body: yvQuestion.body,
      answer: yvQuestion.answer,
      publishedAt: yvQuestion.publishedAt,
      orgName: org.name,
      key: tsKey(yvQuestion.publishedAt),
    })
    .from(yvQuestion)
    .innerJoin(org, eq(org.id, yvQuestion.orgId))
    .where(
      and(
        eq(yvQuestion.status, 'published'),
        under ? sql`${org.path} <@ ${under.path}::ltree` : undefined,
        o.after ? sql`(${yvQuestion.publishedAt}, ${yvQuestion.id}) < (${o.after[0]}::timestamptz, ${o.after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(sql`${yvQuestion.publishedAt} desc, ${yvQuestion.id} desc`)
    .limit(o.limit);
  return rows;
}
