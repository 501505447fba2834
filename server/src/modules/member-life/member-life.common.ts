import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { canApproveAbove, type Actor } from '../../platform/access/scope.ts';
import { isDate } from '../../platform/dates.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { member } from '../members/index.ts';
import { person } from '../people/index.ts';
import { memberLifeErrors } from './member-life.errors.ts';

export function requireDate(field: string, value: string, opts: { notAfter?: string; notBefore?: string } = {}): string {
  if (!isDate(value)) throw memberLifeErrors.invalid(field, { 'zh-CN': '日期格式应为 YYYY-MM-DD', 'en-US': 'must be a date YYYY-MM-DD' });
  if (opts.notAfter && value > opts.notAfter) throw memberLifeErrors.invalid(field, { 'zh-CN': '不能晚于今天', 'en-US': 'cannot be in the future' });
  if (opts.notBefore && value < opts.notBefore) {
    throw memberLifeErrors.invalid(field, { 'zh-CN': `不能早于 ${opts.notBefore}`, 'en-US': `cannot be before ${opts.notBefore}` });
  }
  return value;
}

export type MemberInfo = {
  id: string;
  personId: string;
  orgId: number;
  status: 'active' | 'left';
  admittedOn: string;
  leaguePost: string | null;
  duesCategory: typeof member.$inferSelect.duesCategory;
  monthlyIncomeFen: number | null;
  name: string;
  birthDate: string;
  orgName: string;
  path: string;
  rootId: number;
  orgStatus: string;
};

export const memberInfoColumns = {
  id: member.id,
  personId: member.personId,
  orgId: member.orgId,
  status: member.status,
  admittedOn: member.admittedOn,
  leaguePost: member.leaguePost,
  duesCategory: member.duesCategory,
  monthlyIncomeFen: member.monthlyIncomeFen,
  name: person.name,
  birthDate: person.birthDate,
  orgName: org.name,
  path: org.path,
  rootId: org.rootId,
  orgStatus: org.status,
};

export async function loadMember(db: DbOrTx, id: string): Promise<MemberInfo | null> {
  const [row] = await db
    .select(memberInfoColumns)
    .from(member)
    .innerJoin(person, eq(person.id, member.personId))
    .innerJoin(org, eq(org.id, member.orgId))
    .where(eq(member.id, id));
  return row ?? null;
}

export function requireActive(m: MemberInfo, field = 'memberId'): void {
  if (m.status !== 'active') throw memberLifeErrors.member_left(field);
}

/** The active member record of the signed-in person, for the phone pages. */
export async function activeMemberOfPerson(db: DbOrTx, personId: string): Promise<MemberInfo> {
  const [row] = await db
    .select({ id: member.id })
    .from(member)
    .where(and(eq(member.personId, personId), eq(member.status, 'active')));
  const m = row ? await loadMember(db, row.id) : null;
  if (!m) throw memberLifeErrors.not_a_member('memberId');
  return m;
}

/** Approvals of a branch's decisions belong to the level above. */
export function requireAbove(actor: Actor, branchPath: string, field: string): void {
  if (!canApproveAbove(actor, branchPath)) {
    throw memberLifeErrors.approval_above(field);
  }
}
