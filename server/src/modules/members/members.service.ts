import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { can, type Actor } from '../../platform/access/scope.ts';
import { audit, diff } from '../../platform/audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import type { Pii } from '../../platform/pii.ts';
import { findOrg, type OrgRow } from '../orgs/index.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { person, type Gender } from '../people/index.ts';
import { sensitiveColumns, validatePerson } from '../people/index.ts';
import { activeMemberOf, memberWithPerson, presentMember, type MemberRow } from './members.queries.ts';
import { checkAdmission, checkBranch, checkDevelopmentNumber } from './members.rules.ts';
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

/** A branch the actor may write members in (out of scope = not found). */
export async function branchForWrite(tx: DbOrTx, actor: Actor, orgId: number, field = 'orgId'): Promise<OrgRow> {
  const o = await findOrg(tx, orgId);
  if (!o || !can(actor, 'member.write', o.path)) throw errors.notFound('org');
  checkBranch(o, field);
  return o;
}

/**
 * The person a member or application is about: an existing one by id (visible to the actor),
 * or new details — reusing the person already kept under the same ID number (same name).
 */
export async function resolvePerson(tx: DbOrTx, pii: Pii, actor: Actor | null, ref: PersonRef, branch: OrgRow): Promise<{ row: PersonRow; created: boolean }> {
  if (ref.personId) {
    const [row] = await tx.select({ p: person, path: org.path }).from(person).innerJoin(org, eq(org.id, person.orgId)).where(eq(person.id, ref.personId));
    if (!row || (actor && !can(actor, 'person.read', row.path))) throw errors.notFound('person');
    return { row: row.p, created: false };
  }
  if (!ref.person) throw errors.invalid('personId', { 'zh-CN': '请选择人员或填写人员信息', 'en-US': 'choose a person or give their details' });
  const v = validatePerson(ref.person);
  if (v.idNumber) {
    const [found] = await tx
      .select()
      .from(person)
      .where(eq(person.idNumberHash, pii.hash('id', v.idNumber)));
    if (found) {
      if (found.name !== v.name) {
        throw errors.rule('name', {
          'zh-CN': `身份证号已登记为另一姓名（${found.name.slice(0, 1)}**）`,
          'en-US': 'this ID number is on file under another name',
        });
      }
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
  if (await activeMemberOf(tx, personId)) {
    throw errors.rule('personId', { 'zh-CN': '此人已是在册团员', 'en-US': 'this person is already an active member' });
  }
}

export async function ensureNumberFree(tx: DbOrTx, devNo: string | null, exceptId?: string): Promise<void> {
  if (!devNo) return;
  const [dup] = await tx
    .select({ id: member.id })
    .from(member)
    .where(and(eq(member.developmentNumber, devNo), exceptId ? sql`${member.id} <> ${exceptId}` : undefined));
  if (dup) throw errors.conflict('developmentNumber', devNo);
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
    const branch = await branchForWrite(tx, actor, input.orgId);
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
    const before = await memberWithPerson(tx, id);
    if (!before || !can(actor, 'member.write', before.orgPath)) throw errors.notFound('member');
    if (before.m.status !== 'active') {
      throw errors.rule('status', { 'zh-CN': '已离团的团员记录不能修改', 'en-US': 'the record of a member who has left cannot be edited' });
    }
    const branch = patch.orgId && patch.orgId !== before.m.orgId ? await branchForWrite(tx, actor, patch.orgId) : null;
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
