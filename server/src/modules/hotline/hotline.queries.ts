import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { listScope, type Actor } from '../../platform/access/scope.ts';
import { rolePermissions, type Role } from '../../platform/access/roles.ts';
import { accessGrant } from '../../platform/access/access.schema.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { decodeCursor, encodeCursor } from '../../platform/http.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { containsPattern } from '../../db/like.ts';
import { hotlineErrors } from './hotline.errors.ts';
import {
  type CaseChannel,
  type CaseStatus,
  type RiskLevel,
  hotlineCase,
  type hotlineCounsellor,
  type hotlineLecture,
  hotlineReferral,
  hotlineSession,
} from './hotline.schema.ts';

export type CaseRow = typeof hotlineCase.$inferSelect;
export type LoadedCase = { c: CaseRow; path: string; orgName: string };

export async function loadCase(db: DbOrTx, id: string, opts: { lock?: boolean } = {}): Promise<LoadedCase | null> {
  const q = db
    .select({ c: hotlineCase, path: org.path, orgName: org.name })
    .from(hotlineCase)
    .innerJoin(org, eq(org.id, hotlineCase.orgId))
    .where(eq(hotlineCase.id, id));
  const [row] = opts.lock ? await q.for('update', { of: hotlineCase }) : await q;
  return row ?? null;
}

/**
 * Breached now: a target passed without the thing it asks for, or marked by the SLA job. A case
 * waiting on the caller has its clock stopped (the due times move on when it resumes).
 */
export const breachedSql = (now: Date) => sql`(${hotlineCase.firstResponseBreachedAt} is not null or ${hotlineCase.resolutionBreachedAt} is not null
  or (${hotlineCase.status} not in ('closed', 'waiting') and (${hotlineCase.resolutionDueAt} < ${now.toISOString()}::timestamptz
    or (${hotlineCase.firstResponseAt} is null and ${hotlineCase.firstResponseDueAt} < ${now.toISOString()}::timestamptz))))`;

/** The masked, note-free face of a case: what lists, exports and the detail show. */
export function presentCase(c: CaseRow, orgName: string | null, now: Date = new Date()) {
  const open = c.status !== 'closed' && c.status !== 'waiting';
  return {
    id: c.id,
    number: c.number,
    orgId: c.orgId,
    orgName,
    channel: c.channel,
    category: c.category,
    subcategory: c.subcategory,
    risk: c.risk,
    status: c.status,
    anonymous: c.anonymous,
    callerName: c.callerNameMasked,
    callerPhone: c.callerPhoneMasked,
    callerMinor: c.callerMinor,
    callerAge: c.callerAge,
    callerGender: c.callerGender,
    summary: c.summary,
    receivedAt: c.receivedAt.toISOString(),
    firstResponseAt: c.firstResponseAt?.toISOString() ?? null,
    firstResponseDueAt: c.firstResponseDueAt.toISOString(),
    resolutionDueAt: c.resolutionDueAt.toISOString(),
    pausedAt: c.pausedAt?.toISOString() ?? null,
    breached:
      c.firstResponseBreachedAt !== null ||
      c.resolutionBreachedAt !== null ||
      (open && (c.resolutionDueAt < now || (c.firstResponseAt === null && c.firstResponseDueAt < now))),
    counsellorId: c.counsellorId,
    supervisorId: c.supervisorId,
    escalatedAt: c.escalatedAt?.toISOString() ?? null,
    escalationReason: c.escalationReason,
    safetyPlan: c.safetyPlan,
    followUpDueAt: c.followUpDueAt?.toISOString() ?? null,
    followedUpAt: c.followedUpAt?.toISOString() ?? null,
    outcome: c.outcome,
    closedAt: c.closedAt?.toISOString() ?? null,
    closingSummary: c.closingSummary,
    resolutionMet: c.resolutionMet,
    satisfaction: c.satisfaction,
    satisfactionAt: c.satisfactionAt?.toISOString() ?? null,
  };
}
export type CaseOut = ReturnType<typeof presentCase>;

export type CaseFilter = {
  orgId?: number;
  status?: CaseStatus;
  channel?: CaseChannel;
  category?: string;
  risk?: RiskLevel;
  breached?: boolean;
  q?: string;
  from?: string;
  to?: string;
};
export const caseSorts = ['-receivedAt', 'receivedAt', 'resolutionDueAt'] as const;
export type CaseSort = (typeof caseSorts)[number];

/** Conditions for a case list in the caller's scope (or a visible subtree). */
export async function caseFilter(db: Db, actor: Actor, f: CaseFilter, now: Date): Promise<SQL[]> {
  const scope = await listScope(db, actor, 'service.read', f.orgId);
  const conds: SQL[] = [scope.where(org.path)];
  if (f.status) conds.push(eq(hotlineCase.status, f.status));
  if (f.channel) conds.push(eq(hotlineCase.channel, f.channel));
  if (f.category) conds.push(eq(hotlineCase.category, f.category));
  if (f.risk) conds.push(eq(hotlineCase.risk, f.risk));
  if (f.breached === true) conds.push(breachedSql(now));
  if (f.breached === false) conds.push(sql`not ${breachedSql(now)}`);
  if (f.q) conds.push(sql`(${hotlineCase.number} = ${f.q.trim()} or ${hotlineCase.summary} ilike ${containsPattern(f.q.trim())})`);
  if (f.from) conds.push(sql`${hotlineCase.receivedOn} >= ${f.from}::date`);
  if (f.to) conds.push(sql`${hotlineCase.receivedOn} <= ${f.to}::date`);
  return conds;
}

const invalidCursor = () =>
  hotlineErrors.invalid('cursor', {
    'zh-CN': '分页游标与排序方式不符，请从第一页重新加载',
    'en-US': 'the cursor does not fit the sort; load the list from its first page',
  });

/** Keyset paging over (sort key, id): the signed cursor carries the last row's both. */
function afterCursor(sort: CaseSort, cursor: string | undefined): SQL | null {
  const c = decodeCursor(cursor);
  if (!c) return null;
  const [v, id] = c;
  if (typeof v !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(v)) || !/^[0-9a-f-]{36}$/i.test(id)) throw invalidCursor();
  const at = sql`${v}::timestamptz`;
  if (sort === '-receivedAt') return sql`(${hotlineCase.receivedAt}, ${hotlineCase.id}) < (${at}, ${id}::uuid)`;
  if (sort === 'receivedAt') return sql`(${hotlineCase.receivedAt}, ${hotlineCase.id}) > (${at}, ${id}::uuid)`;
  return sql`(${hotlineCase.resolutionDueAt}, ${hotlineCase.id}) > (${at}, ${id}::uuid)`;
}

export async function listCases(db: Db, actor: Actor, f: CaseFilter & { sort?: CaseSort; cursor?: string; limit: number }, now = new Date()) {
  const sort = f.sort ?? '-receivedAt';
  const conds = await caseFilter(db, actor, f, now);
  const after = afterCursor(sort, f.cursor);
  if (after) conds.push(after);
  const order =
    sort === '-receivedAt'
      ? [desc(hotlineCase.receivedAt), desc(hotlineCase.id)]
      : sort === 'receivedAt'
        ? [asc(hotlineCase.receivedAt), asc(hotlineCase.id)]
        : [asc(hotlineCase.resolutionDueAt), asc(hotlineCase.id)];
  const rows = await db
    .select({ c: hotlineCase, orgName: org.name })
    .from(hotlineCase)
    .innerJoin(org, eq(org.id, hotlineCase.orgId))
    .where(and(...conds))
    .orderBy(...order)
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page.at(-1)?.c;
  const nextCursor =
    rows.length > f.limit && last ? encodeCursor([(sort === 'resolutionDueAt' ? last.resolutionDueAt : last.receivedAt).toISOString(), last.id]) : null;
  return { items: page.map((r) => presentCase(r.c, r.orgName, now)), nextCursor };
}

/** Accounts that supervise an org path: holders of a role with service.supervise on it or above. */
export async function supervisorsOf(db: DbOrTx, path: string): Promise<{ id: string; username: string; displayName: string; orgName: string }[]> {
  const roles = (Object.entries(rolePermissions) as [Role, readonly string[]][]).filter(([, ps]) => ps.includes('service.supervise')).map(([r]) => r);
  return db
    .selectDistinctOn([account.id], { id: account.id, username: account.username, displayName: account.displayName, orgName: org.name })
    .from(accessGrant)
    .innerJoin(account, eq(account.id, accessGrant.accountId))
    .innerJoin(org, eq(org.id, accessGrant.orgId))
    .where(
      and(
        eq(accessGrant.status, 'active'),
        eq(account.status, 'active'),
        inArray(accessGrant.role, roles),
        sql`${org.path} @> ${path}::ltree`,
        // the platform's own administrators are not case supervisors
        sql`${accessGrant.role} <> 'platform_admin'`,
      ),
    )
    .orderBy(account.id)
    .limit(200);
}

/** Accounts holding a role with the permission on exactly this org (who learn of a case transferred to it). */
export async function staffOfOrg(db: DbOrTx, orgId: number, permission: 'service.write' | 'service.supervise'): Promise<string[]> {
  const roles = (Object.entries(rolePermissions) as [Role, readonly string[]][]).filter(([, ps]) => ps.includes(permission)).map(([r]) => r);
  const rows = await db
    .select({ id: accessGrant.accountId })
    .from(accessGrant)
    .where(and(eq(accessGrant.orgId, orgId), eq(accessGrant.status, 'active'), inArray(accessGrant.role, roles), sql`${accessGrant.role} <> 'platform_admin'`))
    .limit(50);
  return rows.map((r) => r.id);
}

export function presentSession(s: typeof hotlineSession.$inferSelect) {
  return {
    id: s.id,
    kind: s.kind,
    heldAt: s.heldAt.toISOString(),
    minutes: s.minutes,
    form: s.form,
    summary: s.summary,
    counsellorId: s.counsellorId,
  };
}

export function presentReferral(r: typeof hotlineReferral.$inferSelect) {
  return {
    id: r.id,
    agency: r.agency,
    receivingParty: r.receivingParty,
    referredOn: r.referredOn,
    receipt: r.receipt,
    status: r.status,
    confirmedOn: r.confirmedOn,
    confirmation: r.confirmation,
  };
}

export function presentCounsellor(c: typeof hotlineCounsellor.$inferSelect, orgName: string | null) {
  return {
    id: c.id,
    orgId: c.orgId,
    orgName,
    accountId: c.accountId,
    name: c.name,
    kind: c.kind,
    qualifications: c.qualifications,
    categories: c.categories,
    status: c.status,
  };
}

export function presentLecture(l: typeof hotlineLecture.$inferSelect, orgName: string | null) {
  return {
    id: l.id,
    orgId: l.orgId,
    orgName,
    kind: l.kind,
    title: l.title,
    heldOn: l.heldOn,
    place: l.place,
    audience: l.audience,
    reach: l.reach,
    reachUnit: l.reachUnit,
    counsellorId: l.counsellorId,
    status: l.status,
  };
}

/** The case's sessions, referrals and counsellor, for its detail page. */
export async function caseDetail(db: DbOrTx, caseId: string) {
  const [sessions, referrals] = await Promise.all([
    db.select().from(hotlineSession).where(eq(hotlineSession.caseId, caseId)).orderBy(asc(hotlineSession.heldAt), asc(hotlineSession.id)),
    db.select().from(hotlineReferral).where(eq(hotlineReferral.caseId, caseId)).orderBy(asc(hotlineReferral.createdAt), asc(hotlineReferral.id)),
  ]);
  return { sessions: sessions.map(presentSession), referrals: referrals.map(presentReferral) };
}
