import { and, asc, desc, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { can, orgForWrite, rowInScope, type Actor, type OrgScope } from '../../platform/access/scope.ts';
import { audit, diff } from '../../platform/audit/audit.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { fromUniqueViolation } from '../../platform/errors.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { within } from '../../platform/org-tree/org-tree.ts';
import { maskPhone, type Pii } from '../../platform/pii.ts';
import { orgSetting } from '../../platform/settings/settings.schema.ts';
import { cadre } from '../cadres/index.ts';
import { person } from '../people/index.ts';
import { label, mobile, oneOf, pastDate, text } from './contact-work.common.ts';
import { contactWorkErrors } from './contact-work.errors.ts';
import { contactKinds, contactTargetSetting, contactWays, targetCadreKinds, type ContactKind, type ContactWay } from './contact-work.rules.ts';
import { cwContact, cwContactLog } from './contact-work.schema.ts';

export type ContactRow = typeof cwContact.$inferSelect;
export type ContactLogRow = typeof cwContactLog.$inferSelect;
export type CadreRef = { cadreId: string; personId: string; name: string; orgId: number; orgName: string; path: string; kind: string };

/** The serving cadre posts of the signed-in account's person (none when the account is not a cadre's). */
export async function myCadres(db: DbOrTx, actor: Actor): Promise<CadreRef[]> {
  const [a] = await db.select({ personId: account.personId }).from(account).where(eq(account.id, actor.accountId));
  if (!a?.personId) return [];
  return db
    .select({ cadreId: cadre.id, personId: cadre.personId, name: person.name, orgId: cadre.orgId, orgName: org.name, path: org.path, kind: cadre.kind })
    .from(cadre)
    .innerJoin(org, eq(org.id, cadre.orgId))
    .innerJoin(person, eq(person.id, cadre.personId))
    .where(and(eq(cadre.personId, a.personId), eq(cadre.status, 'active')))
    .orderBy(asc(cadre.termStart), asc(cadre.id));
}

async function cadreById(db: DbOrTx, id: string): Promise<(CadreRef & { status: string }) | null> {
  const [c] = await db
    .select({
      cadreId: cadre.id,
      personId: cadre.personId,
      name: person.name,
      orgId: cadre.orgId,
      orgName: org.name,
      path: org.path,
      kind: cadre.kind,
      status: cadre.status,
    })
    .from(cadre)
    .innerJoin(org, eq(org.id, cadre.orgId))
    .innerJoin(person, eq(person.id, cadre.personId))
    .where(eq(cadre.id, id));
  return c ?? null;
}

/** The cadre a write is for: the one named (in the caller's scope), else the caller's own post. */
async function cadreForWrite(tx: DbOrTx, actor: Actor, cadreId: string | undefined | null): Promise<CadreRef> {
  if (!cadreId) {
    const mine = await myCadres(tx, actor);
    const first = mine[0];
    if (!first) throw contactWorkErrors.not_a_cadre('cadreId');
    return first;
  }
  const c = await cadreById(tx, cadreId);
  // A cadre out of scope is a wrong choice in the form (400 on the field), not a missing page.
  if (!c || !can(actor, 'service.read', c.path)) {
    throw contactWorkErrors.invalid('cadreId', { 'zh-CN': '团干部不存在或无权访问', 'en-US': 'no such cadre in your scope' });
  }
  if (c.status !== 'active') throw contactWorkErrors.cadre_ended('cadreId');
  return c;
}

export type ContactInput = {
  cadreId?: string | null;
  orgId?: number | null;
  name: string;
  phone?: string | null;
  kind: string;
  occupation?: string | null;
  note?: string | null;
};

function contactFields(pii: Pii, input: Omit<ContactInput, 'cadreId' | 'orgId'>) {
  const phone = mobile(input.phone);
  return {
    name: label('name', input.name, 1, 50),
    kind: oneOf<ContactKind>('kind', input.kind, contactKinds),
    occupation: input.occupation ? label('occupation', input.occupation, 1, 50) : null,
    note: text('note', input.note, 500),
    phoneEnc: phone ? pii.encrypt(phone) : null,
    phoneHash: phone ? pii.hash('phone', phone) : null,
    phoneMasked: phone ? maskPhone(phone) : null,
  };
}

/**
 * One youth once in a cadre's book: the same phone anywhere in it, or, without a phone, the same
 * name at the same org (a second 张伟 there needs a phone to tell them apart). Unique indexes
 * hold the same rule under a double submit.
 */
async function refuseDuplicate(
  tx: DbOrTx,
  book: { cadrePersonId: string; orgId: number },
  f: { name: string; phoneHash: string | null; phoneMasked: string | null },
  exceptId?: string,
): Promise<void> {
  const same = f.phoneHash
    ? eq(cwContact.phoneHash, f.phoneHash)
    : and(isNull(cwContact.phoneHash), eq(cwContact.orgId, book.orgId), eq(cwContact.name, f.name));
  const [dup] = await tx
    .select({ id: cwContact.id })
    .from(cwContact)
    .where(and(eq(cwContact.cadrePersonId, book.cadrePersonId), eq(cwContact.status, 'active'), same, exceptId ? ne(cwContact.id, exceptId) : undefined))
    .limit(1);
  if (dup) throw f.phoneHash ? contactWorkErrors.conflict('phone', f.phoneMasked ?? '') : contactWorkErrors.conflict('name', f.name);
}

async function insertContact(tx: DbOrTx, pii: Pii, actor: Actor, input: ContactInput): Promise<ContactRow> {
  const fields = contactFields(pii, input);
  const c = await cadreForWrite(tx, actor, input.cadreId);
  const o = await orgForWrite(tx, actor, 'service.write', input.orgId ?? c.orgId);
  if (!within(o.path, c.path)) throw contactWorkErrors.outside_cadre_org('orgId', { org: c.orgName });
  await refuseDuplicate(tx, { cadrePersonId: c.personId, orgId: o.id }, fields);
  const [row] = await tx
    .insert(cwContact)
    .values({ id: uuidv7(), orgId: o.id, cadreId: c.cadreId, cadrePersonId: c.personId, ...fields, createdBy: actor.accountId })
    .returning();
  if (!row) throw new Error('insert failed');
  await audit(tx, actor, {
    action: 'contact-work.contact_added',
    entity: 'cwContact',
    entityId: row.id,
    orgId: o.id,
    orgPath: o.path,
    after: presentContactAudit(row),
  });
  return row;
}

function presentContactAudit(r: ContactRow) {
  return { name: r.name, phone: r.phoneMasked, kind: r.kind, occupation: r.occupation, orgId: r.orgId, cadreId: r.cadreId, status: r.status };
}

export async function addContact(db: Db, pii: Pii, actor: Actor, input: ContactInput): Promise<ContactRow> {
  return db.transaction((tx) => insertContact(tx, pii, actor, input));
}

export async function updateContact(db: Db, pii: Pii, actor: Actor, id: string, patch: Partial<Omit<ContactInput, 'cadreId' | 'orgId'>>): Promise<ContactRow> {
  return db.transaction(async (tx) => {
    const { row: before, path } = await rowInScope(tx, actor, 'service.write', cwContact, id, 'cwContact');
    if (before.status !== 'active') throw contactWorkErrors.contact_removed('status');
    const current = {
      name: patch.name ?? before.name,
      kind: patch.kind ?? before.kind,
      occupation: patch.occupation === undefined ? before.occupation : patch.occupation,
      note: patch.note === undefined ? before.note : patch.note,
      phone: patch.phone === undefined ? (before.phoneEnc ? pii.decrypt(before.phoneEnc) : null) : patch.phone,
    };
    const fields = contactFields(pii, current);
    const keep = patch.phone === undefined ? { phoneEnc: before.phoneEnc, phoneHash: before.phoneHash, phoneMasked: before.phoneMasked } : {};
    await refuseDuplicate(tx, before, { ...fields, ...keep }, id);
    const [after] = await tx
      .update(cwContact)
      .set({ ...fields, ...keep, updatedAt: new Date() })
      .where(eq(cwContact.id, id))
      .returning();
    if (!after) throw new Error('contact vanished');
    const d = diff(presentContactAudit(before), presentContactAudit(after));
    await audit(tx, actor, { action: 'contact-work.contact_updated', entity: 'cwContact', entityId: id, orgId: after.orgId, orgPath: path, ...d });
    return after;
  });
}

/** Takes a youth off the book; the logs stay (ledger), the row ends with a status. */
export async function removeContact(db: Db, actor: Actor, id: string, on: string, today: string): Promise<ContactRow> {
  const day = pastDate('on', on, today);
  return db.transaction(async (tx) => {
    const { row, path } = await rowInScope(tx, actor, 'service.write', cwContact, id, 'cwContact');
    const [after] = await tx
      .update(cwContact)
      .set({ status: 'removed', removedOn: day, updatedAt: new Date() })
      .where(and(eq(cwContact.id, id), eq(cwContact.status, 'active')))
      .returning();
    if (!after) throw contactWorkErrors.contact_removed('status');
    await audit(tx, actor, {
      action: 'contact-work.contact_removed',
      entity: 'cwContact',
      entityId: id,
      orgId: row.orgId,
      orgPath: path,
      after: { removedOn: day },
    });
    return after;
  });
}

/** The full phone number, for the cadre who calls; every such view is audited. */
export async function viewContactPhone(db: Db, pii: Pii, actor: Actor, id: string): Promise<{ phone: string | null }> {
  const { row, path } = await rowInScope(db, actor, 'service.write', cwContact, id, 'cwContact');
  const phone = row.phoneEnc ? pii.decrypt(row.phoneEnc) : null;
  await audit(db, actor, {
    action: 'contact-work.contact_phone_viewed',
    entity: 'cwContact',
    entityId: id,
    orgId: row.orgId,
    orgPath: path,
    after: { fields: ['phone'] },
  });
  return { phone };
}

export type LogInput = {
  requestId: string;
  contactId?: string | null;
  /** a youth added to the caller's book in the same step (the phone page's "new contact") */
  contact?: ContactInput | null;
  contactedOn?: string | null;
  way: string;
  topic: string;
  note?: string | null;
};

async function logByRequest(db: DbOrTx, requestId: string) {
  const [r] = await db.select().from(cwContactLog).where(eq(cwContactLog.requestId, requestId));
  return r ?? null;
}

/**
 * Logs one contact. The client's request id makes a resubmit (double tap, retry after a lost
 * answer) return the first log instead of writing twice; a new contact in the same request is
 * created with it, in one transaction, or not at all.
 */
export async function logContact(db: Db, pii: Pii, actor: Actor, input: LogInput, today: string): Promise<{ log: ContactLogRow; created: boolean }> {
  const replay = async () => {
    const first = await logByRequest(db, input.requestId);
    if (!first) return null;
    if (first.createdBy !== actor.accountId) throw contactWorkErrors.request_reused('requestId');
    return { log: first, created: false };
  };
  const seen = await replay();
  if (seen) return seen;
  const contactedOn = pastDate('contactedOn', input.contactedOn ?? today, today);
  const way = oneOf<ContactWay>('way', input.way, contactWays);
  const topic = label('topic', input.topic, 1, 100);
  const note = text('note', input.note, 2000);
  if (!input.contactId && !input.contact)
    throw contactWorkErrors.invalid('contactId', { 'zh-CN': '请选择或新增联系青年', 'en-US': 'choose a contact or add a new one' });
  try {
    return await db.transaction(async (tx) => {
      let contact: ContactRow;
      let path: string;
      if (input.contactId) {
        const found = await rowInScope(tx, actor, 'service.write', cwContact, input.contactId, 'cwContact').catch(() => {
          throw contactWorkErrors.invalid('contactId', { 'zh-CN': '联系青年不存在或无权访问', 'en-US': 'no such contact in your scope' });
        });
        contact = found.row;
        path = found.path;
        if (contact.status !== 'active') throw contactWorkErrors.contact_removed('contactId');
      } else {
        contact = await insertContact(tx, pii, actor, input.contact as ContactInput);
        const [o] = await tx.select({ path: org.path }).from(org).where(eq(org.id, contact.orgId));
        path = o?.path ?? '';
      }
      const [log] = await tx
        .insert(cwContactLog)
        .values({
          id: uuidv7(),
          requestId: input.requestId,
          orgId: contact.orgId,
          contactId: contact.id,
          cadrePersonId: contact.cadrePersonId,
          contactedOn,
          way,
          topic,
          note,
          createdBy: actor.accountId,
        })
        .returning();
      if (!log) throw new Error('insert failed');
      await audit(tx, actor, {
        action: 'contact-work.contact_logged',
        entity: 'cwContact',
        entityId: contact.id,
        orgId: contact.orgId,
        orgPath: path,
        after: { logId: log.id, contactedOn, way, topic },
      });
      return { log, created: true };
    });
  } catch (err) {
    // Two identical submits at once: the loser of the unique request id returns the winner's log.
    const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
    if ((e.cause?.constraint ?? e.constraint) === 'cw_contact_log_request_uq') {
      const again = await replay();
      if (again) return again;
    }
    throw fromUniqueViolation(err) ?? err;
  }
}

export type ContactFilter = { scope: OrgScope; cadreId?: string; cadrePersonId?: string; kind?: string; q?: string; status?: 'active' | 'removed' };

export function contactConds(f: ContactFilter): SQL[] {
  const conds: SQL[] = [f.scope.where(org.path), eq(cwContact.status, f.status ?? 'active')];
  if (f.cadreId) conds.push(sql`${cwContact.cadrePersonId} = (select person_id from ${cadre} where id = ${f.cadreId})`);
  if (f.cadrePersonId) conds.push(eq(cwContact.cadrePersonId, f.cadrePersonId));
  if (f.kind) conds.push(eq(cwContact.kind, f.kind));
  if (f.q) conds.push(sql`${cwContact.name} ilike ${containsPattern(f.q)}`);
  return conds;
}

/** Contacts with their org, their cadre's name and their latest contact. */
export async function listContacts(db: DbOrTx, f: ContactFilter & { after: string | null; limit: number }) {
  const conds = contactConds(f);
  if (f.after) conds.push(sql`${cwContact.id} > ${f.after}`);
  return db
    .select({
      c: cwContact,
      orgName: org.name,
      cadreName: person.name,
      lastContactedOn: sql<string | null>`(select max(l.contacted_on)::text from ${cwContactLog} l where l.contact_id = ${cwContact.id})`,
      logs: sql<number>`(select count(*)::int from ${cwContactLog} l where l.contact_id = ${cwContact.id})`,
    })
    .from(cwContact)
    .innerJoin(org, eq(org.id, cwContact.orgId))
    .innerJoin(person, eq(person.id, cwContact.cadrePersonId))
    .where(and(...conds))
    .orderBy(asc(cwContact.id))
    .limit(f.limit + 1);
}

export type LogFilter = { scope: OrgScope; cadreId?: string; contactId?: string; way?: string; from?: string; to?: string; mine?: string | null };

export function logConds(f: LogFilter): SQL[] {
  const conds: SQL[] = [f.scope.where(org.path)];
  if (f.cadreId) conds.push(sql`${cwContactLog.cadrePersonId} = (select person_id from ${cadre} where id = ${f.cadreId})`);
  if (f.mine) conds.push(eq(cwContactLog.cadrePersonId, f.mine));
  if (f.contactId) conds.push(eq(cwContactLog.contactId, f.contactId));
  if (f.way) conds.push(eq(cwContactLog.way, f.way));
  if (f.from) conds.push(sql`${cwContactLog.contactedOn} >= ${f.from}::date`);
  if (f.to) conds.push(sql`${cwContactLog.contactedOn} <= ${f.to}::date`);
  return conds;
}

/** Logs newest first (uuidv7 ids are time-ordered). */
export async function listLogs(db: DbOrTx, f: LogFilter & { after: string | null; limit: number }) {
  const conds = logConds(f);
  if (f.after) conds.push(sql`${cwContactLog.id} < ${f.after}`);
  return db
    .select({ l: cwContactLog, contactName: cwContact.name, orgName: org.name, cadreName: person.name })
    .from(cwContactLog)
    .innerJoin(cwContact, eq(cwContact.id, cwContactLog.contactId))
    .innerJoin(org, eq(org.id, cwContactLog.orgId))
    .innerJoin(person, eq(person.id, cwContactLog.cadrePersonId))
    .where(and(...conds))
    .orderBy(desc(cwContactLog.id))
    .limit(f.limit + 1);
}

/** The target in force at each path: the nearest ancestor's setting, else the default (one query for all). */
export async function targetsFor(db: DbOrTx, paths: readonly string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ path: org.path, value: orgSetting.value })
    .from(orgSetting)
    .innerJoin(org, eq(org.id, orgSetting.orgId))
    .where(eq(orgSetting.key, contactTargetSetting.key));
  const out = new Map<string, number>();
  for (const p of paths) {
    let best: { depth: number; value: number } | null = null;
    for (const r of rows) {
      const depth = r.path.split('.').length;
      if (within(p, r.path) && typeof r.value === 'number' && (!best || depth > best.depth)) best = { depth, value: r.value };
    }
    out.set(p, best?.value ?? contactTargetSetting.default);
  }
  return out;
}

export type CadreProgress = {
  cadreId: string;
  personId: string;
  name: string;
  orgId: number;
  orgName: string;
  kind: string;
  book: number;
  contacted: number;
  logs: number;
  target: number;
  counted: boolean;
};

/**
 * Each serving cadre of the scope (one row per person: the first post) with the youths in their
 * book, the distinct youths they contacted in the period and the target at their org. `counted`:
 * the target applies (专职). Sorted by progress, lowest first, then name.
 */
export async function cadreProgress(
  db: DbOrTx,
  scope: OrgScope,
  from: string,
  to: string,
  opts: { onlyTarget?: boolean; withBook?: boolean } = {},
): Promise<CadreProgress[]> {
  const kinds = opts.onlyTarget
    ? sql`and c.kind in (${sql.join(
        targetCadreKinds.map((k) => sql`${k}`),
        sql`, `,
      )})`
    : sql``;
  const res = await db.execute<{
    cadre_id: string;
    person_id: string;
    name: string;
    org_id: number;
    org_name: string;
    path: string;
    kind: string;
    book: number;
    contacted: number;
    logs: number;
  }>(sql`
    with cadres as (
      select distinct on (c.person_id) c.id as cadre_id, c.person_id, c.org_id, c.kind, o.name as org_name, o.path::text as path
      from ${cadre} c join org o on o.id = c.org_id
      where ${scope.where(sql`o.path`)} and c.term_start <= ${to}::date
        and (c.status = 'active' or c.ended_on > ${to}::date) ${kinds}
      order by c.person_id, (c.kind = 'full_time') desc, c.term_start, c.id
    )
    -- per cadre from the (cadre, day, contact) index; offset 0 keeps each lookup a lookup
    select cadres.cadre_id, cadres.person_id, p.name, cadres.org_id, cadres.org_name, cadres.path, cadres.kind,
      ${opts.withBook === false ? sql`0` : sql`(select count(*) from ${cwContact} k where k.cadre_person_id = cadres.person_id and k.status = 'active')`}::int as book,
      logs.contacted, logs.logs
    from cadres join person p on p.id = cadres.person_id
    cross join lateral (
      select count(distinct l.contact_id)::int as contacted, count(*)::int as logs from (
        select l.contact_id from ${cwContactLog} l
        where l.cadre_person_id = cadres.person_id and l.contacted_on between ${from}::date and ${to}::date offset 0
      ) l
    ) logs`);
  const targets = await targetsFor(db, [...new Set(res.rows.map((r) => r.path))]);
  return res.rows
    .map((r) => ({
      cadreId: r.cadre_id,
      personId: r.person_id,
      name: r.name,
      orgId: Number(r.org_id),
      orgName: r.org_name,
      kind: r.kind,
      book: Number(r.book),
      contacted: Number(r.contacted),
      logs: Number(r.logs),
      target: targets.get(r.path) ?? contactTargetSetting.default,
      counted: (targetCadreKinds as readonly string[]).includes(r.kind),
    }))
    .sort((a, b) => a.contacted / a.target - b.contacted / b.target || a.name.localeCompare(b.name, 'zh-CN') || a.cadreId.localeCompare(b.cadreId));
}

/** A contact's last logs, for its detail. */
export async function recentLogs(db: DbOrTx, contactIds: string[], limit = 20) {
  if (contactIds.length === 0) return [];
  return db
    .select()
    .from(cwContactLog)
    .where(inArray(cwContactLog.contactId, contactIds))
    .orderBy(desc(cwContactLog.contactedOn), desc(cwContactLog.id))
    .limit(limit);
}
