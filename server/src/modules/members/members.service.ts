import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { orgForWrite, requireInScope, type Actor } from '../../platform/access/scope.ts';
import { audit, diff } from '../../platform/audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import type { OrgRow } from '../../platform/org-tree/org-tree.ts';
import type { Pii } from '../../platform/pii.ts';
import { person, sensitiveColumns, validatePerson, type Gender } from '../people/index.ts';
import { membersErrors } from './members.errors.ts';
import { activeMemberOf, memberWithPerson, presentMember, type MemberRow } from './members.queries.ts';
import { checkAdmission, checkDevelopmentNumber } from './members.rules.ts';
import { member, type DuesCategory } from './members.schema.ts';

export type NewPerson = {
  name: string;
  idNumber?: string | null;
  gender?: Gender;
  birthDate?: string;
  phone?: string | null;
  ethnicity?: string | null;
  education?: string | null;
  politicalStatus?: string | null;
};
export type PersonRef = { personId?: string; person?: NewPerson };
type PersonRow = typeof person.$inferSelect;

/**
 * The person a member or application is about: an existing one by id (visible to the actor),
 * or new details — reusing the person already kept under the same ID number (same name).
 */
export async function resolvePerson(tx: DbOrTx, pii: Pii, actor: Actor | null, ref: PersonRef, branch: OrgRow): Promise<{ row: PersonRow; created: boolean }> {
  if (ref.personId) {
    const [found] = await tx.select({ p: person, path: org.path }).from(person).innerJoin(org, eq(org.id, person.orgId)).where(eq(person.id, ref.personId));
    // The applicant's own form (no actor) names its own person, resolved from the account.
    const row = actor ? requireInScope(actor, 'person.read', found, 'person') : found;
    if (!row) throw errors.notFound('person');
    return { row: row.p, created: false };
  }
  if (!ref.person) throw membersErrors.invalid('personId', { 'zh-CN': '请选择人员或填写人员信息', 'en-US': 'choose a person or give their details' });
  const v = validatePerson(ref.person);
  if (v.idNumber) {
    const [found] = await tx
      .select()
      .from(person)
      .where(eq(person.idNumberHash, pii.hash('id', v.idNumber)));
    if (found) {
      if (found.name !== v.name) throw membersErrors.other_name('name', { initial: found.name.slice(0, 1) });
      return { row: found, created: false };
    }
  }
  const [row] = await tx
    .insert(person)
    .values({
      id: uuidv7(),
      orgId: branch.id,
      name: v.name,
      gender: v.gender,
      birthDate: v.birthDate,
      ethnicity: ref.person.ethnicity ?? null,
      education: ref.person.education ?? null,
      politicalStatus: ref.person.politicalStatus ?? '共青团员',
      ...sensitiveColumns(pii, v.idNumber, v.phone),
    })
    .returning();
  if (!row) throw new Error('insert failed');
  return { row, created: true };
}

export async function ensureNotMember(tx: DbOrTx, personId: string): Promise<void> {
  if (await activeMemberOf(tx, personId)) throw membersErrors.already_member('personId');
}

export async function ensureNumberFree(tx: DbOrTx, devNo: string | null, exceptId?: string): Promise<void> {
  if (!devNo) return;
  const [dup] = await tx
    .select({ id: member.id })
    .from(member)
    .where(and(eq(member.developmentNumber, devNo), exceptId ? sql`${member.id} <> ${exceptId}` : undefined));
  if (dup) throw membersErrors.conflict('developmentNumber', devNo);
}

export type MemberInput = PersonRef & {
  orgId: number;
  admittedOn: string;
  developmentNumber?: string | null;
  duesCategory?: DuesCategory;
  monthlyIncomeFen?: number | null;
  leaguePost?: string | null;
};

/** Records an existing member (e.g. admitted before the platform): the admission rules still hold. */
export async function createMember(db: Db, pii: Pii, actor: Actor, input: MemberInput, today: string) {
  return db.transaction(async (tx) => {
    const branch = await orgForWrite(tx, actor, 'member.write', input.orgId, { branch: true });
    const { row: p } = await resolvePerson(tx, pii, actor, input, branch);
    const admittedOn = checkAdmission(p.birthDate, input.admittedOn, today);
    const devNo = checkDevelopmentNumber(input.developmentNumber, admittedOn);
    await ensureNotMember(tx, p.id);
    await ensureNumberFree(tx, devNo);
    const id = uuidv7();
    await tx.insert(member).values({
      id,
      personId: p.id,
      orgId: branch.id,
      developmentNumber: devNo,
      admittedOn,
      duesCategory: input.duesCategory ?? 'other',
      monthlyIncomeFen: input.monthlyIncomeFen ?? null,
      leaguePost: input.leaguePost ?? null,
    });
    const out = await memberWithPerson(tx, id);
    if (!out) throw new Error('member vanished');
    const shown = presentMember(out, today);
    await audit(tx, actor, { action: 'member.created', entity: 'member', entityId: id, orgId: branch.id, orgPath: branch.path, after: shown });
    return shown;
  });
}

export type MemberPatch = Partial<Omit<MemberInput, 'personId' | 'person'>>;

/** Edits a member's record; the admission rules are checked again against the result. */
export async function updateMember(db: Db, actor: Actor, id: string, patch: MemberPatch, today: string) {
  return db.transaction(async (tx) => {
    const found = await memberWithPerson(tx, id);
    const before = requireInScope(actor, 'member.write', found && { ...found, path: found.orgPath }, 'member');
    if (before.m.status !== 'active') throw membersErrors.member_left('status');
    const branch = patch.orgId && patch.orgId !== before.m.orgId ? await orgForWrite(tx, actor, 'member.write', patch.orgId, { branch: true }) : null;
    const admittedOn = checkAdmission(before.birthDate, patch.admittedOn ?? before.m.admittedOn, today);
    const devNo = checkDevelopmentNumber(patch.developmentNumber === undefined ? before.m.developmentNumber : patch.developmentNumber, admittedOn);
    await ensureNumberFree(tx, devNo, id);
    const changes: Partial<MemberRow> = {
      orgId: branch?.id ?? before.m.orgId,
      admittedOn,
      developmentNumber: devNo,
      duesCategory: patch.duesCategory ?? before.m.duesCategory,
      monthlyIncomeFen: patch.monthlyIncomeFen === undefined ? before.m.monthlyIncomeFen : patch.monthlyIncomeFen,
      leaguePost: patch.leaguePost === undefined ? before.m.leaguePost : patch.leaguePost,
    };
    await tx
      .update(member)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(member.id, id));
    const after = await memberWithPerson(tx, id);
    if (!after) throw new Error('member vanished');
    const d = diff(presentMember(before, today), presentMember(after, today));
    await audit(tx, actor, { action: 'member.updated', entity: 'member', entityId: id, orgId: after.m.orgId, orgPath: after.orgPath, ...d });
    return presentMember(after, today);
  });
}
