import { Type } from 'typebox';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { requireInScope, type Actor, type OrgScope } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { errors } from '../../platform/errors.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { defineSetting, getSetting } from '../../platform/settings/settings.ts';
import { loadMember, requireActive, requireDate, type MemberInfo } from './member-life.common.ts';
import { memberLifeErrors } from './member-life.errors.ts';
import { arrearsRows, syncPaidMonths } from './dues.queries.ts';
import { arrearsMonths, monthIndex, monthlyDuesFen, monthSpan } from './dues.rules.ts';
import { duesEntry, duesMethods, type DuesMethod } from './member-life.schema.ts';

export const farmerDuesFen = defineSetting({
  key: 'dues.farmerFen',
  label: { 'zh-CN': '农民团员每月团费（分）', 'en-US': 'Monthly dues of farmer members (fen)' },
  description: { 'zh-CN': '0.2–1 元，由省级团委确定', 'en-US': '0.2–1 yuan, set by the province' },
  schema: Type.Integer({ minimum: 20, maximum: 100 }),
  default: 20,
});

export type DuesEntryRow = typeof duesEntry.$inferSelect;
const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

export async function standardFor(db: DbOrTx, m: Pick<MemberInfo, 'duesCategory' | 'monthlyIncomeFen' | 'path'>): Promise<number | null> {
  const farmer = m.duesCategory === 'farmer' ? await getSetting(db, m.path, farmerDuesFen) : farmerDuesFen.default;
  return monthlyDuesFen(m.duesCategory, m.monthlyIncomeFen, farmer);
}

/** Months covered by a member's payments that were not reversed. */
async function coveredRanges(db: DbOrTx, memberId: string) {
  const rows = await db
    .select({ from: duesEntry.fromMonth, to: duesEntry.toMonth })
    .from(duesEntry)
    .where(
      and(
        eq(duesEntry.memberId, memberId),
        sql`${duesEntry.amountFen} > 0`,
        sql`not exists (select 1 from dues_entry r where r.reverses_id = ${duesEntry.id})`,
      ),
    );
  return rows.map((r) => ({ from: r.from.slice(0, 7), to: r.to.slice(0, 7) }));
}

export type PaymentInput = { fromMonth: string; toMonth: string; amountFen: number; paidOn: string; method: DuesMethod; note?: string | null };

/** Records a payment: an append-only entry. Months already paid, future dates and non-positive amounts are refused. */
export async function recordPayment(db: Db, actor: Actor, memberId: string, input: PaymentInput, now: string): Promise<DuesEntryRow> {
  if (!monthPattern.test(input.fromMonth)) throw memberLifeErrors.invalid('fromMonth', { 'zh-CN': '月份格式应为 YYYY-MM', 'en-US': 'must be a month YYYY-MM' });
  if (!monthPattern.test(input.toMonth)) throw memberLifeErrors.invalid('toMonth', { 'zh-CN': '月份格式应为 YYYY-MM', 'en-US': 'must be a month YYYY-MM' });
  if (input.toMonth < input.fromMonth) throw memberLifeErrors.invalid('toMonth', { 'zh-CN': '不能早于起始月份', 'en-US': 'cannot be before the first month' });
  if (monthSpan(input.fromMonth, input.toMonth) > 24)
    throw memberLifeErrors.invalid('toMonth', { 'zh-CN': '一次最多缴纳 24 个月', 'en-US': 'at most 24 months at once' });
  if (!Number.isInteger(input.amountFen) || input.amountFen <= 0) {
    throw memberLifeErrors.invalid('amountFen', {
      'zh-CN': '须为正整数（分）；更正请使用冲销',
      'en-US': 'must be a positive whole number of fen; use a reversal to correct',
    });
  }
  const paidOn = requireDate('paidOn', input.paidOn, { notAfter: now });
  if (!(duesMethods as readonly string[]).includes(input.method))
    throw memberLifeErrors.invalid('method', { 'zh-CN': '缴纳方式无效', 'en-US': 'unknown method' });
  // Paying ahead is allowed up to the end of the year after payment.
  if (monthIndex(input.toMonth) > monthIndex(`${Number(paidOn.slice(0, 4)) + 1}-12`)) {
    throw memberLifeErrors.invalid('toMonth', { 'zh-CN': '最多预缴至次年年底', 'en-US': 'can be paid ahead at most to the end of next year' });
  }
  return db.transaction(async (tx) => {
    const m = requireInScope(actor, 'member.write', await loadMember(tx, memberId), 'member');
    requireActive(m);
    // Serializes payments of one member, so two concurrent entries cannot both cover a month.
    await tx.execute(sql`select id from member where id = ${m.id} for update`);
    if (input.fromMonth < m.admittedOn.slice(0, 7)) {
      throw memberLifeErrors.invalid('fromMonth', {
        'zh-CN': `不能早于入团月份 ${m.admittedOn.slice(0, 7)}`,
        'en-US': `cannot be before admission (${m.admittedOn.slice(0, 7)})`,
      });
    }
    if (paidOn < m.admittedOn) throw memberLifeErrors.invalid('paidOn', { 'zh-CN': '不能早于入团日期', 'en-US': 'cannot be before admission' });
    const covered = await coveredRanges(tx, m.id);
    const overlap = covered.find((c) => c.from <= input.toMonth && c.to >= input.fromMonth);
    if (overlap) throw memberLifeErrors.months_paid('fromMonth', { from: overlap.from, to: overlap.to });
    const [row] = await tx
      .insert(duesEntry)
      .values({
        memberId: m.id,
        orgId: m.orgId,
        fromMonth: `${input.fromMonth}-01`,
        toMonth: `${input.toMonth}-01`,
        amountFen: input.amountFen,
        paidOn,
        method: input.method,
        reason: input.note?.trim() || null,
        enteredBy: actor.accountId,
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await syncPaidMonths(tx, [m.id]);
    await audit(tx, actor, { action: 'dues.paid', entity: 'member', entityId: m.id, orgId: m.orgId, orgPath: m.path, after: row });
    return row;
  });
}

/** Cancels an entry by appending its negative twin with a reason; the original stays. */
export async function reverseEntry(db: Db, actor: Actor, entryId: number, input: { reason: string }, now: string): Promise<DuesEntryRow> {
  const reason = input.reason.trim();
  if (!reason) throw memberLifeErrors.invalid('reason', { 'zh-CN': '冲销须说明原因', 'en-US': 'a reversal needs a reason' });
  return db.transaction(async (tx) => {
    const [e] = await tx.select().from(duesEntry).where(eq(duesEntry.id, entryId));
    if (!e) throw errors.notFound('duesEntry');
    const o = requireInScope(actor, 'member.write', await findOrg(tx, e.orgId), 'duesEntry');
    if (e.reversesId !== null || e.amountFen < 0) throw memberLifeErrors.reversal_final('reversesId');
    // The same lock as payments: the member's paid months are rewritten by one writer at a time.
    await tx.execute(sql`select id from member where id = ${e.memberId} for update`);
    const [done] = await tx.select({ id: duesEntry.id }).from(duesEntry).where(eq(duesEntry.reversesId, e.id));
    if (done) throw memberLifeErrors.already_reversed('reversesId');
    const [row] = await tx
      .insert(duesEntry)
      .values({
        memberId: e.memberId,
        orgId: e.orgId,
        fromMonth: e.fromMonth,
        toMonth: e.toMonth,
        amountFen: -e.amountFen,
        paidOn: now,
        method: e.method,
        reversesId: e.id,
        reason,
        enteredBy: actor.accountId,
      })
      .returning();
    if (!row) throw new Error('insert failed');
    await syncPaidMonths(tx, [e.memberId]);
    await audit(tx, actor, { action: 'dues.reversed', entity: 'member', entityId: e.memberId, orgId: e.orgId, orgPath: o.path, before: e, after: row });
    return row;
  });
}

export async function entriesOf(db: DbOrTx, memberId: string): Promise<DuesEntryRow[]> {
  return db.select().from(duesEntry).where(eq(duesEntry.memberId, memberId)).orderBy(desc(duesEntry.id)).limit(200);
}

/** A member's standard, this year's arrears and ledger. */
export async function memberDues(db: DbOrTx, m: MemberInfo, asOf: string) {
  const standardFen = await standardFor(db, m);
  const covered = await coveredRanges(db, m.id);
  const arrears = m.status === 'active' ? arrearsMonths(m.admittedOn, asOf, covered) : [];
  const entries = await entriesOf(db, m.id);
  const reversed = new Set(entries.filter((e) => e.reversesId !== null).map((e) => e.reversesId));
  return {
    memberId: m.id,
    name: m.name,
    duesCategory: m.duesCategory,
    standardFen,
    arrearsMonths: arrears,
    arrearsFen: standardFen === null ? null : standardFen * arrears.length,
    paidThisYearFen: entries.filter((e) => e.paidOn.startsWith(asOf.slice(0, 4))).reduce((s, e) => s + e.amountFen, 0),
    entries: entries.map((e) => ({ ...presentEntry(e), reversed: reversed.has(e.id) })),
  };
}

export function presentEntry(e: DuesEntryRow) {
  return {
    id: e.id,
    fromMonth: e.fromMonth.slice(0, 7),
    toMonth: e.toMonth.slice(0, 7),
    amountFen: e.amountFen,
    paidOn: e.paidOn,
    method: e.method,
    reversesId: e.reversesId,
    reason: e.reason,
    createdAt: e.createdAt.toISOString(),
  };
}

/** Members in arrears with their standard and amount owed (the reminder list); `orgId` keeps one branch of the scope. */
export async function arrearsList(db: DbOrTx, scope: OrgScope, asOf: string, page: { after?: string | null; limit?: number; orgId?: number } = {}) {
  const rows = await arrearsRows(db, { scope, asOf, onlyArrears: true, orgId: page.orgId, after: page.after, limit: page.limit });
  const farmer = new Map<string, number>();
  const out = [];
  for (const r of rows) {
    let f = farmerDuesFen.default;
    if (r.dues_category === 'farmer') {
      f = farmer.get(r.org_path) ?? (await getSetting(db, r.org_path, farmerDuesFen));
      farmer.set(r.org_path, f);
    }
    const standardFen = monthlyDuesFen(r.dues_category, r.monthly_income_fen, f);
    out.push({
      memberId: r.member_id,
      name: r.name,
      orgId: r.org_id,
      orgName: r.org_name,
      duesCategory: r.dues_category,
      standardFen,
      dueMonths: r.due_months,
      arrearsMonths: r.arrears_months,
      arrearsFen: standardFen === null ? null : standardFen * r.arrears_months,
    });
  }
  return out;
}
