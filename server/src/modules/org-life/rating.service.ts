import { and, eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { canApproveAbove, orgForWrite, requireInScope, subtrees, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { addMonths, yearOf } from '../../platform/dates.ts';
import { errors } from '../../platform/errors.ts';
import { computeValues, getMetric } from '../../platform/metrics/registry.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { step } from '../../platform/workflow/workflow.ts';
import { member } from '../members/index.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { branchKinds, idsOfPath, type OrgRow } from '../../platform/org-tree/org-tree.ts';
import { storeFile } from './files.ts';
import { orgLifeErrors } from './org-life.errors.ts';
import { branchCompliance } from './org-life.queries.ts';
import { branchRating, type IndicatorScore, type RatingGrade } from './org-life.schema.ts';
import {
  firstRatingYear,
  gradeLabels,
  gradeOf,
  indicatorDefs,
  minRatingAgeMonths,
  ratingQuotasSetting,
  ratingWorkflow,
  vetoItems,
  type VetoItem,
} from './rating.rules.ts';

export type RatingRow = typeof branchRating.$inferSelect;
export type Declared = { key: string; score: number; evidence?: string | null };

async function metricValue(db: DbOrTx, key: string, path: string, year: number): Promise<number | null> {
  const m = getMetric(key);
  if (!m) return null;
  // A rate with nothing to measure is null, so the indicator falls back to the declared score.
  const { total } = await computeValues(m, { db: db as Db, scope: subtrees([path]), from: `${year}-01-01`, to: `${year}-12-31`, lang: 'zh-CN' }, null);
  return total;
}

/**
 * The indicators the system holds, scored from its records. Dues read members.arrears and
 * members.count, registration members.registrationRate, study study.participationRate: when a
 * figure is not registered at run time, or the branch has no members to measure, the
 * indicator falls back to what the branch declares.
 */
export async function dataIndicators(db: DbOrTx, branch: OrgRow, year: number, today: string) {
  const out = new Map<string, { score: number; detail: string }>();
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };
  const c = (await branchCompliance(db, subtrees([branch.path]), period, today)).find((b) => b.orgId === branch.id);
  const held = c?.held ?? 0;
  const due = c?.due ?? 0;
  out.set('meetings', { score: due > 0 ? Math.round((30 * held) / due) : 30, detail: `${held}/${due}` });

  const members = await metricValue(db, 'members.count', branch.path, year);
  if (members && members > 0) {
    const arrears = await metricValue(db, 'members.arrears', branch.path, year);
    if (arrears !== null) out.set('dues', { score: Math.round((10 * (members - arrears)) / members), detail: `${members - arrears}/${members}` });
    const reg = await metricValue(db, 'members.registrationRate', branch.path, year);
    if (reg !== null) out.set('registration', { score: Math.round(reg / 10), detail: `${reg}%` });
  }
  const study = await metricValue(db, 'study.participationRate', branch.path, year);
  if (study !== null) out.set('study', { score: Math.round(study / 10), detail: `${study}%` });

  // Development numbers (since 2017-01-01) live in the member table, which is core: always data.
  const [d] = await db
    .select({ all: sql<number>`count(*)::int`, ok: sql<number>`count(*) filter (where ${member.developmentNumber} ~ '^[0-9]{12}$')::int` })
    .from(member)
    .where(and(eq(member.orgId, branch.id), eq(member.status, 'active'), sql`${member.admittedOn} >= '2017-01-01'`));
  const all = d?.all ?? 0;
  out.set('development_numbers', { score: all > 0 ? Math.round((10 * (d?.ok ?? 0)) / all) : 10, detail: `${d?.ok ?? 0}/${all}` });
  return { scores: out, noMeetings: due >= 3 && held === 0 };
}

function score(indicators: IndicatorScore[], vetoes: string[]) {
  const total = indicators.reduce((s, i) => s + i.score, 0);
  return { total, grade: gradeOf(total, vetoes.length > 0) };
}

/** Data scores where the system has them, declared scores (checked) for the rest. */
function buildIndicators(data: Map<string, { score: number; detail: string }>, declared: Declared[]): IndicatorScore[] {
  const byKey = new Map<string, Declared>();
  for (const d of declared) {
    const def = indicatorDefs.find((x) => x.key === d.key);
    if (!def) throw orgLifeErrors.invalid('declared', { 'zh-CN': `未知指标 ${d.key}`, 'en-US': `unknown indicator ${d.key}` });
    if (byKey.has(d.key)) throw orgLifeErrors.invalid('declared', { 'zh-CN': `指标 ${d.key} 重复`, 'en-US': `indicator ${d.key} given twice` });
    if (!Number.isInteger(d.score) || d.score < 0 || d.score > def.max) {
      throw orgLifeErrors.invalid('declared', {
        'zh-CN': `“${def.label['zh-CN']}”得分须为 0–${def.max} 的整数`,
        'en-US': `"${def.label['en-US']}" must be a whole number 0–${def.max}`,
      });
    }
    if (d.score > 0 && (d.evidence?.trim().length ?? 0) < 2) {
      throw orgLifeErrors.invalid('declared', { 'zh-CN': `“${def.label['zh-CN']}”须填写佐证说明`, 'en-US': `"${def.label['en-US']}" needs evidence` });
    }
    byKey.set(d.key, d);
  }
  return indicatorDefs.map((def) => {
    const fromData = data.get(def.key);
    if (fromData) return { key: def.key, max: def.max, score: fromData.score, source: 'data' as const, detail: fromData.detail };
    const d = byKey.get(def.key);
    return { key: def.key, max: def.max, score: d?.score ?? 0, source: 'declared' as const, evidence: d?.evidence?.trim() || null };
  });
}

function checkVetoes(vetoes: string[]): VetoItem[] {
  for (const v of vetoes) {
    if (!(vetoItems as readonly string[]).includes(v)) throw orgLifeErrors.invalid('vetoes', { 'zh-CN': `未知否决项 ${v}`, 'en-US': `unknown veto item ${v}` });
  }
  return [...new Set(vetoes)] as VetoItem[];
}

/** The branch a rating is saved for: an active branch in scope, old enough, for a year it can be rated. */
async function branchForRating(tx: DbOrTx, actor: Actor, orgId: number, year: number, today: string): Promise<OrgRow> {
  const o = await orgForWrite(tx, actor, 'orglife.write', orgId, { branch: true });
  const thisYear = yearOf(today);
  if (!Number.isInteger(year) || year < firstRatingYear || year > thisYear) {
    throw orgLifeErrors.invalid('year', { 'zh-CN': `须为 ${firstRatingYear}–${thisYear} 年`, 'en-US': `must be ${firstRatingYear}–${thisYear}` });
  }
  const asOf = `${year}-12-31` < today ? `${year}-12-31` : today;
  if (o.establishedOn && o.establishedOn > addMonths(asOf, -minRatingAgeMonths)) {
    throw orgLifeErrors.branch_too_young('orgId', { months: minRatingAgeMonths });
  }
  return o;
}

/** Self-rating: creates the year's rating or revises a draft or returned one. */
export async function saveRating(
  db: Db,
  actor: Actor,
  input: { orgId: number; year: number; declared: Declared[]; vetoes: string[] },
  today: string,
): Promise<RatingRow> {
  const vetoes = checkVetoes(input.vetoes);
  return db.transaction(async (tx) => {
    const o = await branchForRating(tx, actor, input.orgId, input.year, today);
    const data = await dataIndicators(tx, o, input.year, today);
    const indicators = buildIndicators(data.scores, input.declared);
    const allVetoes = data.noMeetings && !vetoes.includes('no_meetings') ? [...vetoes, 'no_meetings' as const] : vetoes;
    const s = score(indicators, allVetoes);
    const [existing] = await tx
      .select()
      .from(branchRating)
      .where(and(eq(branchRating.orgId, o.id), eq(branchRating.year, input.year)));
    const values = { indicators, vetoes: allVetoes, selfScore: s.total, selfGrade: s.grade, updatedAt: new Date() };
    let row: RatingRow | undefined;
    if (existing) {
      if (existing.state !== 'draft' && existing.state !== 'returned') {
        throw orgLifeErrors.rating_locked('year');
      }
      [row] = await tx.update(branchRating).set(values).where(eq(branchRating.id, existing.id)).returning();
    } else {
      const id = uuidv7();
      [row] = await tx
        .insert(branchRating)
        .values({ id, orgId: o.id, year: input.year, state: 'draft', ...values })
        .returning();
      await step(tx, actor, ratingWorkflow, null, { entityId: id, orgId: o.id, action: 'create', occurredOn: today });
    }
    if (!row) throw new Error('write failed');
    await audit(tx, actor, {
      action: existing ? 'rating.revised' : 'rating.created',
      entity: 'rating',
      entityId: row.id,
      orgId: o.id,
      orgPath: o.path,
      after: { year: row.year, selfScore: row.selfScore, selfGrade: row.selfGrade, vetoes: allVetoes },
    });
    return row;
  });
}

/** A rating with its branch; `path` is the branch's, for the scope checks. */
async function ratingFor(tx: DbOrTx, id: string) {
  const [row] = await tx
    .select({ r: branchRating, o: org, path: org.path })
    .from(branchRating)
    .innerJoin(org, eq(org.id, branchRating.orgId))
    .where(eq(branchRating.id, id));
  return row ?? null;
}

export async function submitRating(db: Db, actor: Actor, id: string, today: string): Promise<RatingRow> {
  return db.transaction(async (tx) => {
    const row = requireInScope(actor, 'orglife.write', await ratingFor(tx, id), 'rating');
    const to = await step(tx, actor, ratingWorkflow, row.r.state, { entityId: id, orgId: row.o.id, action: 'submit', occurredOn: today });
    const [after] = await tx.update(branchRating).set({ state: to, updatedAt: new Date() }).where(eq(branchRating.id, id)).returning();
    if (!after) throw errors.notFound('rating');
    await audit(tx, actor, {
      action: 'rating.submitted',
      entity: 'rating',
      entityId: id,
      orgId: row.o.id,
      orgPath: row.o.path,
      before: { state: row.r.state },
      after: { state: to },
    });
    return after;
  });
}

/** The unit quotas count in: the branch's county (a 6-digit county code), else its depth-2 ancestor. */
export async function quotaUnit(tx: DbOrTx, branch: OrgRow): Promise<OrgRow> {
  const ids = idsOfPath(branch.path).slice(0, -1);
  const ancestors = ids.length ? await tx.select().from(org).where(inArray(org.id, ids)) : [];
  ancestors.sort((a, b) => b.depth - a.depth);
  return ancestors.find((a) => a.divisionCode && /^\d{4}(?!00)\d{2}$/.test(a.divisionCode)) ?? ancestors.find((a) => a.depth === 2) ?? ancestors[0] ?? branch;
}

export async function quotaUse(tx: DbOrTx, unit: OrgRow, year: number) {
  const quotas = await getSetting(tx, unit.path, ratingQuotasSetting);
  const [b] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(org)
    .where(and(subtrees([unit.path]).where(org.path), eq(org.status, 'active'), inArray(org.kind, branchKinds)));
  const branches = b?.n ?? 0;
  const used = await tx
    .select({ grade: branchRating.finalGrade, n: sql<number>`count(*)::int` })
    .from(branchRating)
    .innerJoin(org, eq(org.id, branchRating.orgId))
    .where(and(subtrees([unit.path]).where(org.path), eq(branchRating.year, year), eq(branchRating.state, 'approved')))
    .groupBy(branchRating.finalGrade);
  return (Object.keys(quotas) as (keyof typeof quotas)[]).map((grade) => ({
    grade: grade as RatingGrade,
    percent: quotas[grade],
    limit: Math.floor((branches * quotas[grade]) / 100),
    used: used.find((u) => u.grade === grade)?.n ?? 0,
    branches,
  }));
}

export type ReviewInput = { action: 'approve' | 'return'; comment?: string | null; declared?: Declared[]; vetoes?: string[] };

/** Review by the level above: member.approve on the branch's parent. Approval checks the grade quotas. */
export async function reviewRating(db: Db, actor: Actor, id: string, input: ReviewInput, today: string): Promise<RatingRow> {
  return db.transaction(async (tx) => {
    const row = requireInScope(actor, 'member.approve', await ratingFor(tx, id), 'rating');
    // The level above reviews: approval rights on the branch's parent, not only on the branch.
    if (!canApproveAbove(actor, row.path)) throw errors.forbidden('member.approve');
    const comment = input.comment?.trim() || null;
    if (input.action === 'return') {
      if (!comment) throw orgLifeErrors.invalid('comment', { 'zh-CN': '退回时请写明意见', 'en-US': 'say why it is returned' });
      const to = await step(tx, actor, ratingWorkflow, row.r.state, { entityId: id, orgId: row.o.id, action: 'return', occurredOn: today, comment });
      const [after] = await tx
        .update(branchRating)
        .set({ state: to, reviewComment: comment, updatedAt: new Date() })
        .where(eq(branchRating.id, id))
        .returning();
      if (!after) throw errors.notFound('rating');
      await audit(tx, actor, {
        action: 'rating.returned',
        entity: 'rating',
        entityId: id,
        orgId: row.o.id,
        orgPath: row.o.path,
        after: { state: to, comment },
      });
      return after;
    }
    // Reviewers may adjust declared scores and veto items; data scores stand as recorded.
    const declared =
      input.declared ?? row.r.indicators.filter((i) => i.source === 'declared').map((i) => ({ key: i.key, score: i.score, evidence: i.evidence }));
    const data = new Map(row.r.indicators.filter((i) => i.source === 'data').map((i) => [i.key, { score: i.score, detail: i.detail ?? '' }]));
    const indicators = buildIndicators(
      data,
      declared.filter((d) => !data.has(d.key)),
    );
    const vetoes = input.vetoes ? checkVetoes(input.vetoes) : row.r.vetoes;
    const s = score(indicators, vetoes);
    const to = await step(tx, actor, ratingWorkflow, row.r.state, {
      entityId: id,
      orgId: row.o.id,
      action: 'approve',
      occurredOn: today,
      comment,
      data: { score: s.total, grade: s.grade },
    });
    const unit = await quotaUnit(tx, row.o);
    // Approvals in one unit queue on its row, so two reviewers cannot both take the last place.
    await tx.execute(sql`select id from org where id = ${unit.id} for update`);
    const quota = (await quotaUse(tx, unit, row.r.year)).find((q) => q.grade === s.grade);
    if (quota && quota.used + 1 > quota.limit) {
      throw orgLifeErrors.quota_full('grade', {
        unit: unit.name,
        year: row.r.year,
        grade: gradeLabels[s.grade],
        percent: quota.percent,
        limit: quota.limit,
        used: quota.used,
      });
    }
    const [after] = await tx
      .update(branchRating)
      .set({ state: to, indicators, vetoes, finalScore: s.total, finalGrade: s.grade, reviewComment: comment, reviewedOn: today, updatedAt: new Date() })
      .where(eq(branchRating.id, id))
      .returning();
    if (!after) throw errors.notFound('rating');
    await audit(tx, actor, {
      action: 'rating.approved',
      entity: 'rating',
      entityId: id,
      orgId: row.o.id,
      orgPath: row.o.path,
      after: { state: to, finalScore: s.total, finalGrade: s.grade },
    });
    return after;
  });
}

export async function addRatingFile(db: Db, actor: Actor, id: string, file: { fileName: string; data: Buffer }) {
  return db.transaction(async (tx) => {
    const row = requireInScope(actor, 'orglife.write', await ratingFor(tx, id), 'rating');
    if (row.r.state !== 'draft' && row.r.state !== 'returned') throw orgLifeErrors.evidence_locked('file');
    return storeFile(tx, actor, { kind: 'rating', id, orgId: row.o.id, orgPath: row.o.path }, file);
  });
}
