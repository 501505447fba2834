import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { can, orgForWrite, rowInScope, type Actor } from '../../platform/access/scope.ts';
import { audit, diff } from '../../platform/audit/audit.ts';
import { isDate } from '../../platform/dates.ts';
import { errors } from '../../platform/errors.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { member } from '../members/index.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { person } from '../people/index.ts';
import { cadresErrors } from './cadres.errors.ts';
import { sizeWarnings, termClassOf, termEndOn, termYearsSetting, type SizeWarning } from './cadres.rules.ts';
import { cadre, cadreKinds, cadrePosts, election, type CadreKind, type CadrePost } from './cadres.schema.ts';

export type CadreRow = typeof cadre.$inferSelect;
export type ElectionRow = typeof election.$inferSelect;
export type CadreInput = {
  personId: string;
  orgId: number;
  post: CadrePost;
  kind: CadreKind;
  termStart: string;
  termEnd?: string | null;
  inVillageCommittee?: boolean;
};

const dateReason = { 'zh-CN': '日期格式应为 YYYY-MM-DD', 'en-US': 'must be a date YYYY-MM-DD' };

function checkCadreFields(input: Partial<CadreInput>, today: string): void {
  if (input.post !== undefined && !cadrePosts.includes(input.post)) throw cadresErrors.invalid('post', { 'zh-CN': '职务无效', 'en-US': 'not a known post' });
  if (input.kind !== undefined && !cadreKinds.includes(input.kind))
    throw cadresErrors.invalid('kind', { 'zh-CN': '须为专职、兼职或挂职', 'en-US': 'must be full_time, part_time or seconded' });
  if (input.termStart !== undefined) {
    if (!isDate(input.termStart)) throw cadresErrors.invalid('termStart', dateReason);
    if (input.termStart > today) throw cadresErrors.invalid('termStart', { 'zh-CN': '不能晚于今天', 'en-US': 'cannot be in the future' });
  }
  if (input.termEnd) {
    if (!isDate(input.termEnd)) throw cadresErrors.invalid('termEnd', dateReason);
    if (input.termStart && input.termEnd <= input.termStart)
      throw cadresErrors.invalid('termEnd', { 'zh-CN': '须晚于任职开始日期', 'en-US': 'must be after the term start' });
  }
}

/** A person the caller can see (a cadre may come from another org of the subtree, e.g. seconded). */
async function visiblePerson(tx: DbOrTx, actor: Actor, personId: string, field = 'personId') {
  const [row] = await tx
    .select({ id: person.id, path: org.path, status: person.status })
    .from(person)
    .innerJoin(org, eq(org.id, person.orgId))
    .where(eq(person.id, personId));
  // A person out of scope is a wrong choice in the form (400 on the field), not a missing page.
  if (!row || !can(actor, 'person.read', row.path))
    throw cadresErrors.invalid(field, { 'zh-CN': '人员不存在或无权访问', 'en-US': 'no such person in your scope' });
  if (row.status !== 'active') throw cadresErrors.person_archived(field);
}

async function assertPostFree(tx: DbOrTx, orgId: number, personId: string, post: CadrePost, exceptId?: string): Promise<void> {
  const others = await tx
    .select({ id: cadre.id, personId: cadre.personId, post: cadre.post })
    .from(cadre)
    .where(and(eq(cadre.orgId, orgId), eq(cadre.status, 'active'), exceptId ? ne(cadre.id, exceptId) : undefined));
  if (others.some((c) => c.personId === personId)) throw cadresErrors.conflict('personId', personId);
  if (post === 'secretary' && others.some((c) => c.post === 'secretary')) throw cadresErrors.secretary_taken('post');
}

export async function createCadre(db: Db, actor: Actor, input: CadreInput, today: string): Promise<CadreRow> {
  checkCadreFields(input, today);
  return db.transaction(async (tx) => {
    const o = await orgForWrite(tx, actor, 'orglife.write', input.orgId);
    await visiblePerson(tx, actor, input.personId);
    await assertPostFree(tx, o.id, input.personId, input.post);
    const [row] = await tx
      .insert(cadre)
      .values({
        id: uuidv7(),
        personId: input.personId,
        orgId: o.id,
        post: input.post,
        kind: input.kind,
        termStart: input.termStart,
        termEnd: input.termEnd ?? null,
        inVillageCommittee: input.inVillageCommittee ?? false,
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, { action: 'cadre.created', entity: 'cadre', entityId: row.id, orgId: o.id, orgPath: o.path, after: row });
    return row;
  });
}

async function activeCadreForWrite(tx: DbOrTx, actor: Actor, id: string) {
  const { row: c, path } = await rowInScope(tx, actor, 'orglife.write', cadre, id, 'cadre');
  if (c.status !== 'active') throw cadresErrors.post_ended('status');
  return { c, path };
}

export type CadrePatch = Partial<Pick<CadreInput, 'post' | 'kind' | 'termStart' | 'termEnd' | 'inVillageCommittee'>>;

export async function updateCadre(db: Db, actor: Actor, id: string, patch: CadrePatch, today: string): Promise<CadreRow> {
  return db.transaction(async (tx) => {
    const { c: before, path } = await activeCadreForWrite(tx, actor, id);
    const merged = { termStart: patch.termStart ?? before.termStart, termEnd: patch.termEnd === undefined ? before.termEnd : patch.termEnd };
    checkCadreFields({ ...patch, ...merged }, today);
    if (patch.post && patch.post !== before.post) await assertPostFree(tx, before.orgId, before.personId, patch.post, id);
    const [after] = await tx
      .update(cadre)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(cadre.id, id))
      .returning();
    if (!after) throw errors.notFound('cadre');
    await audit(tx, actor, { action: 'cadre.updated', entity: 'cadre', entityId: id, orgId: before.orgId, orgPath: path, ...diff(before, patch) });
    return after;
  });
}

export async function endCadre(db: Db, actor: Actor, id: string, input: { endedOn: string; reason?: string | null }, today: string): Promise<CadreRow> {
  if (!isDate(input.endedOn)) throw cadresErrors.invalid('endedOn', dateReason);
  if (input.endedOn > today) throw cadresErrors.invalid('endedOn', { 'zh-CN': '不能晚于今天', 'en-US': 'cannot be in the future' });
  return db.transaction(async (tx) => {
    const { c: before, path } = await activeCadreForWrite(tx, actor, id);
    if (input.endedOn < before.termStart)
      throw cadresErrors.invalid('endedOn', { 'zh-CN': '不能早于任职开始日期', 'en-US': 'cannot be before the term start' });
    const [after] = await tx
      .update(cadre)
      .set({ status: 'ended', endedOn: input.endedOn, endReason: input.reason?.trim() || null, updatedAt: new Date() })
      .where(eq(cadre.id, id))
      .returning();
    if (!after) throw errors.notFound('cadre');
    await audit(tx, actor, {
      action: 'cadre.ended',
      entity: 'cadre',
      entityId: id,
      orgId: before.orgId,
      orgPath: path,
      before: { status: 'active' },
      after: { status: 'ended', endedOn: input.endedOn },
    });
    return after;
  });
}

export type ElectionInput = {
  orgId: number;
  heldOn: string;
  termYears: number;
  note?: string | null;
  committee: { personId: string; post: CadrePost; kind: CadreKind; inVillageCommittee?: boolean }[];
};

export async function activeMemberCount(tx: DbOrTx, orgId: number): Promise<number> {
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(member)
    .where(and(eq(member.orgId, orgId), eq(member.status, 'active')));
  return r?.n ?? 0;
}

/**
 * Records a 换届: the old committee's posts end on the election day, the new committee's
 * begin, and the term runs for the years the org's rule allows. Returns size warnings.
 */
export async function recordElection(db: Db, actor: Actor, input: ElectionInput, today: string): Promise<{ election: ElectionRow; warnings: SizeWarning[] }> {
  if (!isDate(input.heldOn)) throw cadresErrors.invalid('heldOn', dateReason);
  if (input.heldOn > today) throw cadresErrors.invalid('heldOn', { 'zh-CN': '不能晚于今天', 'en-US': 'cannot be in the future' });
  if (input.committee.length === 0)
    throw cadresErrors.invalid('committee', { 'zh-CN': '至少须有一名当选人员', 'en-US': 'at least one person must be elected' });
  if (new Set(input.committee.map((c) => c.personId)).size !== input.committee.length) {
    throw cadresErrors.invalid('committee', { 'zh-CN': '同一人不能重复列入', 'en-US': 'a person is listed twice' });
  }
  const secretaries = input.committee.filter((c) => c.post === 'secretary').length;
  if (secretaries !== 1) throw cadresErrors.one_secretary('committee');
  for (const c of input.committee) checkCadreFields({ post: c.post, kind: c.kind }, today);
  return db.transaction(async (tx) => {
    const o = await orgForWrite(tx, actor, 'orglife.write', input.orgId);
    if (o.establishedOn && input.heldOn < o.establishedOn)
      throw cadresErrors.invalid('heldOn', { 'zh-CN': '不能早于组织建立日期', 'en-US': 'cannot be before the org was established' });
    const rule = await getSetting(tx, o.path, termYearsSetting);
    const allowed = rule[termClassOf(o)];
    if (!allowed.includes(input.termYears)) {
      throw cadresErrors.term_years_not_allowed('termYears', { allowed: { 'zh-CN': allowed.join(' 或 '), 'en-US': allowed.join(' or ') } });
    }
    const [last] = await tx
      .select({ heldOn: election.heldOn })
      .from(election)
      .where(and(eq(election.orgId, o.id), eq(election.status, 'recorded')))
      .orderBy(desc(election.heldOn))
      .limit(1);
    if (last && input.heldOn <= last.heldOn) {
      throw cadresErrors.not_after_last_election('heldOn', { last: last.heldOn });
    }
    for (const c of input.committee) await visiblePerson(tx, actor, c.personId, 'committee');
    const id = uuidv7();
    const termEndsOn = termEndOn(input.heldOn, input.termYears);
    const [row] = await tx
      .insert(election)
      .values({ id, orgId: o.id, heldOn: input.heldOn, termYears: input.termYears, termEndsOn, note: input.note?.trim() || null, createdBy: actor.accountId })
      .returning();
    if (!row) throw new Error('insert failed');
    const ended = await tx
      .update(cadre)
      .set({ status: 'ended', endedOn: input.heldOn, endReason: 'election', updatedAt: new Date() })
      .where(and(eq(cadre.orgId, o.id), eq(cadre.status, 'active')))
      .returning({ id: cadre.id });
    const appointed = await tx
      .insert(cadre)
      .values(
        input.committee.map((c) => ({
          id: uuidv7(),
          personId: c.personId,
          orgId: o.id,
          post: c.post,
          kind: c.kind,
          termStart: input.heldOn,
          termEnd: termEndsOn,
          inVillageCommittee: c.inVillageCommittee ?? false,
          electionId: id,
        })),
      )
      .returning({ id: cadre.id });
    await audit(tx, actor, {
      action: 'election.recorded',
      entity: 'election',
      entityId: id,
      orgId: o.id,
      orgPath: o.path,
      after: { ...row, ended: ended.map((e) => e.id), appointed: appointed.map((a) => a.id) },
    });
    const committee = input.committee.filter((c) => c.post !== 'staff').length;
    return { election: row, warnings: sizeWarnings(o.kind, await activeMemberCount(tx, o.id), committee) };
  });
}
