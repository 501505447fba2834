import { chinaToday } from '../../platform/dates.ts';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { can, scopeOf, type Actor } from '../../platform/access/scope.ts';
import type { Permission } from '../../platform/access/roles.ts';
import { errors, registerFieldLabels } from '../../platform/errors.ts';
import { member } from '../members/index.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { person } from '../people/index.ts';

registerFieldLabels({
  memberId: { 'zh-CN': '团员', 'en-US': 'Member' },
  toOrgId: { 'zh-CN': '转入组织', 'en-US': 'Destination org' },
  branchId: { 'zh-CN': '接收支部', 'en-US': 'Receiving branch' },
  reason: { 'zh-CN': '原因', 'en-US': 'Reason' },
  fromMonth: { 'zh-CN': '起始月份', 'en-US': 'From month' },
  toMonth: { 'zh-CN': '截止月份', 'en-US': 'To month' },
  amountFen: { 'zh-CN': '金额（分）', 'en-US': 'Amount (fen)' },
  paidOn: { 'zh-CN': '缴纳日期', 'en-US': 'Paid on' },
  year: { 'zh-CN': '年度', 'en-US': 'Year' },
  months: { 'zh-CN': '暂缓月数', 'en-US': 'Deferral months' },
  grades: { 'zh-CN': '评议等次', 'en-US': 'Grades' },
  attended: { 'zh-CN': '到会人数', 'en-US': 'Attended' },
  expected: { 'zh-CN': '应到人数', 'en-US': 'Expected' },
  leftOn: { 'zh-CN': '离团日期', 'en-US': 'Left on' },
  meetingOn: { 'zh-CN': '会议日期', 'en-US': 'Meeting date' },
  appliedOn: { 'zh-CN': '入党申请日期', 'en-US': 'Party application date' },
  present: { 'zh-CN': '到会人数', 'en-US': 'Present' },
  yes: { 'zh-CN': '赞成票', 'en-US': 'Yes votes' },
  voters: { 'zh-CN': '有表决权的团员数', 'en-US': 'Voting members' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
});

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export function today(): string {
  return chinaToday();
}

export function isDate(s: string): boolean {
  return datePattern.test(s) && !Number.isNaN(Date.parse(s)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Calendar months later; the 31st clamps to the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Full years of age on a date. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The day someone turns `years` (29 Feb birthdays fall on 28 Feb in common years). */
export function birthdayAt(birthDate: string, years: number): string {
  return addMonths(birthDate, years * 12);
}

export function requireDate(field: string, value: string, opts: { notAfter?: string; notBefore?: string } = {}): string {
  if (!isDate(value)) throw errors.invalid(field, { 'zh-CN': '日期格式应为 YYYY-MM-DD', 'en-US': 'must be a date YYYY-MM-DD' });
  if (opts.notAfter && value > opts.notAfter) throw errors.invalid(field, { 'zh-CN': '不能晚于今天', 'en-US': 'cannot be in the future' });
  if (opts.notBefore && value < opts.notBefore) {
    throw errors.invalid(field, { 'zh-CN': `不能早于 ${opts.notBefore}`, 'en-US': `cannot be before ${opts.notBefore}` });
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

/** A member the actor may act on with a permission; out of scope and missing are the same 404. */
export async function memberInScope(db: DbOrTx, actor: Actor, id: string, permission: Permission): Promise<MemberInfo> {
  const m = await loadMember(db, id);
  if (!m || !can(actor, permission, m.path)) throw errors.notFound('member');
  return m;
}

export function requireActive(m: MemberInfo, field = 'memberId'): void {
  if (m.status !== 'active') throw errors.rule(field, { 'zh-CN': '该团员已离团', 'en-US': 'the member has left the league' });
}

/** The active member record of the signed-in person, for the phone pages. */
export async function activeMemberOfPerson(db: DbOrTx, personId: string): Promise<MemberInfo> {
  const [row] = await db
    .select({ id: member.id })
    .from(member)
    .where(and(eq(member.personId, personId), eq(member.status, 'active')));
  const m = row ? await loadMember(db, row.id) : null;
  if (!m) throw errors.rule('memberId', { 'zh-CN': '您目前不是在册团员', 'en-US': 'you are not a current league member' });
  return m;
}

/** The path of the org just above a branch: its approvals belong to the level above. */
export function parentPath(path: string): string {
  const ids = path.split('.');
  return ids.length > 1 ? ids.slice(0, -1).join('.') : path;
}

export function requireAbove(actor: Actor, branchPath: string, field: string): void {
  if (!can(actor, 'member.approve', parentPath(branchPath))) {
    throw errors.rule(field, {
      'zh-CN': '须由上级团委审批（需要上级组织的审批权限）',
      'en-US': 'must be approved by the committee above (approval rights on the parent org are required)',
    });
  }
}

export async function findOrgRow(db: DbOrTx, id: number) {
  const [row] = await db.select().from(org).where(eq(org.id, id));
  return row ?? null;
}

export const branchKinds = ['branch', 'temp_branch'] as const;

/**
 * The subtree a list or summary covers: the given org when the caller sees it (else 404, as for
 * any id out of scope), otherwise the caller's own scope root.
 */
export async function subtreeFor(db: DbOrTx, actor: Actor, permission: Permission, orgId: number | undefined) {
  if (orgId) {
    const o = await findOrgRow(db, orgId);
    if (!o || !can(actor, permission, o.path)) throw errors.notFound('org');
    return o;
  }
  const root = scopeOf(actor, permission)[0];
  const id = root ? Number(root.split('.').at(-1)) : 0;
  const o = id ? await findOrgRow(db, id) : null;
  if (!o) throw errors.notFound('org');
  return o;
}
