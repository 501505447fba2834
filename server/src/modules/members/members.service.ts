import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { orgForWrite, requireInScope, type Actor } from '../../platform/access/scope.ts';
import { audit, diff } from '../../platform/audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { isBranch, type OrgRow } from '../../platform/org-tree/org-tree.ts';
import type { Pii } from '../../platform/pii.ts';
import {
  moveKeeper,
  peopleErrors,
  person,
  personByIdNumber,
  requestLink,
  sensitiveColumns,
  validatePerson,
  type Gender,
  type LinkContext,
  type LinkFulfilment,
  type LinkRequested,
} from '../people/index.ts';
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
type AuditActor = LinkContext['actor'];

/** A person kept outside the caller's scope: only what the caller typed, to file a link request with. */
export type Elsewhere = { elsewhere: { idNumber: string; name: string; birthDate: string } };

/**
 * The person a member or application is about: an existing one by id (visible to the actor), or
 * new details — reusing the person kept under the same ID number when the actor can see them
 * (same name). Kept outside the actor's scope, nothing about them is read: the caller files a
 * link request with what was typed.
 */
export async function resolvePerson(
  tx: DbOrTx,
  pii: Pii,
  actor: Actor | null,
  ref: PersonRef,
  branch: OrgRow,
): Promise<{ row: PersonRow; created: boolean } | Elsewhere> {
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
    const onFile = await personByIdNumber(tx, pii, actor ?? { grants: [] }, v.idNumber);
    if (onFile.kind === 'elsewhere') return { elsewhere: { idNumber: v.idNumber, name: v.name, birthDate: v.birthDate } };
    if (onFile.kind === 'visible') {
      if (onFile.row.name !== v.name) throw membersErrors.other_name('name', { initial: onFile.row.name.slice(0, 1) });
      return { row: onFile.row, created: false };
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

type MemberFields = Pick<MemberInput, 'developmentNumber' | 'duesCategory' | 'monthlyIncomeFen' | 'leaguePost'>;

/** Writes the member row (rules already checked) and its audit event; returns the member as shown. */
async function insertMember(
  tx: DbOrTx,
  actor: AuditActor,
  branch: OrgRow,
  personId: string,
  admittedOn: string,
  devNo: string | null,
  f: MemberFields,
  today: string,
  linkRequestId?: string,
) {
  const id = uuidv7();
  await tx.insert(member).values({
    id,
    personId,
    orgId: branch.id,
    developmentNumber: devNo,
    admittedOn,
    duesCategory: f.duesCategory ?? 'other',
    monthlyIncomeFen: f.monthlyIncomeFen ?? null,
    leaguePost: f.leaguePost ?? null,
  });
  const out = await memberWithPerson(tx, id);
  if (!out) throw new Error('member vanished');
  const shown = presentMember(out, today);
  await audit(tx, actor, {
    action: 'member.created',
    entity: 'member',
    entityId: id,
    orgId: branch.id,
    orgPath: branch.path,
    after: linkRequestId ? { ...shown, linkRequestId } : shown,
  });
  return shown;
}

/**
 * Records an existing member (e.g. admitted before the platform): the admission rules still hold.
 * A person kept outside the caller's scope is asked for (202, a link request), never shown.
 */
export async function createMember(
  db: Db,
  pii: Pii,
  actor: Actor,
  input: MemberInput,
  today: string,
): Promise<ReturnType<typeof presentMember> | LinkRequested> {
  return db.transaction(async (tx) => {
    const branch = await orgForWrite(tx, actor, 'member.write', input.orgId, { branch: true });
    const found = await resolvePerson(tx, pii, actor, input, branch);
    if ('elsewhere' in found) {
      // Only what the caller typed is checked here; the keeper's side decides the rest on acceptance.
      const admittedOn = checkAdmission(found.elsewhere.birthDate, input.admittedOn, today);
      const devNo = checkDevelopmentNumber(input.developmentNumber, admittedOn);
      await ensureNumberFree(tx, devNo);
      const payload = {
        admittedOn,
        developmentNumber: devNo,
        duesCategory: input.duesCategory ?? 'other',
        monthlyIncomeFen: input.monthlyIncomeFen ?? null,
        leaguePost: input.leaguePost ?? null,
      };
      const { idNumber, name } = found.elsewhere;
      return requestLink(tx, pii, actor, { purpose: 'member', orgId: branch.id, idNumber, typedName: name, payload, requestedBy: actor.accountId });
    }
    const p = found.row;
    const admittedOn = checkAdmission(p.birthDate, input.admittedOn, today);
    const devNo = checkDevelopmentNumber(input.developmentNumber, admittedOn);
    await ensureNotMember(tx, p.id);
    await ensureNumberFree(tx, devNo);
    return insertMember(tx, actor, branch, p.id, admittedOn, devNo, input, today);
  });
}

/** Membership moves only by transfer: a person who is an active member is never handed to another keeper. */
export async function refuseActiveMember(tx: DbOrTx, personId: string): Promise<void> {
  if (await activeMemberOf(tx, personId)) throw peopleErrors.link_use_transfer('personId');
}

/**
 * An accepted 'member' request: the requesting branch records the member as it asked, and keeps
 * the person from now on (a member's branch keeps their record). An active member elsewhere is
 * refused: that is a transfer.
 */
export const fulfilMemberLink: LinkFulfilment = async ({ tx, actor, request, person: p, requester, today }) => {
  if (!isBranch(requester)) throw peopleErrors.link_requester_gone('requestId');
  await refuseActiveMember(tx, p.id);
  const f = request.payload as MemberFields & { admittedOn?: string };
  const admittedOn = checkAdmission(p.birthDate, f.admittedOn ?? '', today);
  const devNo = checkDevelopmentNumber(f.developmentNumber ?? null, admittedOn);
  await ensureNumberFree(tx, devNo);
  await moveKeeper(tx, actor, p, requester, request.id);
  const shown = await insertMember(tx, actor, requester, p.id, admittedOn, devNo, f, today, request.id);
  return { entity: 'member', entityId: shown.id };
};

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
