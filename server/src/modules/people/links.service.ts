// Link requests (智慧团建: a person belongs to one org's scope). When a create names an ID number
// kept outside the caller's scope, nothing about that person is told: a request goes to the
// keeping org (or, for a volunteer registration, to the person), who accepts — and the requested
// role is created — or declines.
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { Type } from 'typebox';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { uuidPattern, type EntityResolver } from '../../platform/access/entities.ts';
import { can, listScope, requireInScope, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { addDays, chinaToday } from '../../platform/dates.ts';
import { errors, type Lang, type Messages } from '../../platform/errors.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { findOrg, type OrgRow } from '../../platform/org-tree/org-tree.ts';
import { maskIdNumber, type Pii } from '../../platform/pii.ts';
import { defineSetting, getSetting } from '../../platform/settings/settings.ts';
import { peopleErrors } from './people.errors.ts';
import { person, personLinkRequest, type LinkPurpose, type LinkStatus } from './people.schema.ts';

export type LinkRow = typeof personLinkRequest.$inferSelect;
type PersonRow = typeof person.$inferSelect;
type AuditActor = Pick<Actor, 'accountId' | 'username' | 'requestId' | 'ip'>;

export const linkRequestDays = defineSetting({
  key: 'people.linkRequestDays',
  label: { 'zh-CN': '人员关联申请有效天数', 'en-US': 'Days a person link request stays open' },
  schema: Type.Integer({ minimum: 1, maximum: 365 }),
  default: 30,
});

/** Requests the person may answer on the phone: volunteering is their own choice; org ties are the orgs'. */
export const selfDecidable: readonly LinkPurpose[] = ['volunteer'];

export const statusLabels: Record<LinkStatus, Messages> = {
  requested: { 'zh-CN': '待处理', 'en-US': 'requested' },
  accepted: { 'zh-CN': '已同意', 'en-US': 'accepted' },
  declined: { 'zh-CN': '已退回', 'en-US': 'declined' },
  expired: { 'zh-CN': '已过期', 'en-US': 'expired' },
};

// ── What other modules plug in ────────────────────────────────────────────────────────────────

export type LinkContext = { tx: DbOrTx; actor: AuditActor; request: LinkRow; person: PersonRow; requester: OrgRow; today: string };
export type LinkResult = { entity: string; entityId: string };
export type LinkFulfilment = (ctx: LinkContext) => Promise<LinkResult>;
type KeeperGuard = (tx: DbOrTx, personId: string) => Promise<void>;

const fulfilments = new Map<LinkPurpose, LinkFulfilment>();
/** The labels of the fields a purpose's module puts in a request's payload, for the keeper to read. */
const payloadLabels = new Map<LinkPurpose, Record<string, Messages>>();
const keeperGuards = new Map<string, KeeperGuard>();

/**
 * How accepting a request creates its role, said by the module that owns the role (members,
 * volunteers) when its routes are installed: people cannot import the modules that use it.
 */
export function fulfilLinks(purpose: 'member' | 'volunteer', fulfil: LinkFulfilment, labels: Record<string, Messages>): void {
  fulfilments.set(purpose, fulfil);
  payloadLabels.set(purpose, labels);
}

/** A request's payload as the keeper reads it: each field that has a value, with its label. */
export function payloadDetails(purpose: LinkPurpose, payload: Record<string, unknown>, lang: Lang) {
  const labels = payloadLabels.get(purpose) ?? {};
  return Object.entries(payload)
    .filter(([, v]) => v !== null && v !== undefined && v !== '' && v !== false && !(Array.isArray(v) && v.length === 0))
    .map(([field, v]) => ({
      field,
      label: labels[field]?.[lang] ?? field,
      value: Array.isArray(v) ? v.map(String).join(lang === 'zh-CN' ? '、' : ', ') : v === true ? (lang === 'zh-CN' ? '是' : 'yes') : String(v),
    }));
}

/** A rule that may refuse handing a person to another keeper (members: membership moves only by transfer). */
export function guardKeeperMove(name: string, guard: KeeperGuard): void {
  keeperGuards.set(name, guard);
}

/** Hands the person's record to another org (an accepted request), after every module's guard. */
export async function moveKeeper(tx: DbOrTx, actor: AuditActor, p: PersonRow, to: OrgRow, requestId: string): Promise<void> {
  if (p.orgId === to.id) return;
  for (const guard of keeperGuards.values()) await guard(tx, p.id);
  await tx.update(person).set({ orgId: to.id, updatedAt: new Date() }).where(eq(person.id, p.id));
  await audit(tx, actor, {
    action: 'person.updated',
    entity: 'person',
    entityId: p.id,
    orgId: to.id,
    orgPath: to.path,
    before: { orgId: p.orgId },
    after: { orgId: to.id, linkRequestId: requestId },
  });
}

// ── Finding a person by ID number, and asking for them ────────────────────────────────────────

export type IdNumberOnFile = { kind: 'none' } | { kind: 'visible'; row: PersonRow } | { kind: 'elsewhere' };

/**
 * The person kept under an ID number, as the caller may know them: `visible` when kept inside the
 * caller's scope for `person.read`, `elsewhere` when kept outside it — then nothing about them may
 * reach the answer (only `requestLink` looks again) — or `none`.
 */
export async function personByIdNumber(tx: DbOrTx, pii: Pii, actor: Pick<Actor, 'grants'>, idNumber: string): Promise<IdNumberOnFile> {
  const [found] = await tx
    .select({ p: person, path: org.path })
    .from(person)
    .innerJoin(org, eq(org.id, person.orgId))
    .where(eq(person.idNumberHash, pii.hash('id', idNumber)));
  if (!found) return { kind: 'none' };
  return can(actor, 'person.read', found.path) ? { kind: 'visible', row: found.p } : { kind: 'elsewhere' };
}

export type LinkRequested = { status: 'link_requested'; requestId: string };

export const linkRequestedMessage: Messages = {
  'zh-CN': '该身份证号已由其他组织登记，已向其发送关联申请，对方同意后生效',
  'en-US': 'This ID number is kept by another organisation; a link request was sent and takes effect once accepted',
};

/** The 202 answer: the same words whoever keeps the person and whatever their name. */
export function linkRequestedAnswer(r: LinkRequested, lang: Lang) {
  return { ...r, message: linkRequestedMessage[lang], messages: linkRequestedMessage };
}

export function isLinkRequested(x: unknown): x is LinkRequested {
  return typeof x === 'object' && x !== null && (x as { status?: unknown }).status === 'link_requested';
}

export type LinkInput = {
  purpose: LinkPurpose;
  /** the requesting org (already checked for the caller's write) */
  orgId: number;
  idNumber: string;
  typedName: string;
  payload?: Record<string, unknown>;
  /** the account asking; for 'account', the new account to link */
  requestedBy: string;
};

/**
 * Files a request for the person kept under `idNumber` (who must exist). A second identical
 * request answers the open one. The requester's audit event carries only what they typed.
 */
export async function requestLink(tx: DbOrTx, pii: Pii, actor: AuditActor, input: LinkInput): Promise<LinkRequested> {
  const [found] = await tx
    .select({ id: person.id, orgId: person.orgId, path: org.path })
    .from(person)
    .innerJoin(org, eq(org.id, person.orgId))
    .where(eq(person.idNumberHash, pii.hash('id', input.idNumber)));
  if (!found) throw new Error('requestLink: no person under this ID number');
  const today = chinaToday();
  const days = await getSetting(tx, found.path, linkRequestDays);
  const id = uuidv7();
  const idNumberMasked = maskIdNumber(input.idNumber);
  const inserted = await tx
    .insert(personLinkRequest)
    .values({
      id,
      personId: found.id,
      orgId: input.orgId,
      requestedBy: input.requestedBy,
      purpose: input.purpose,
      typedName: input.typedName,
      idNumberMasked,
      payload: input.payload ?? {},
      requestedOn: today,
      expiresOn: addDays(today, days),
    })
    .onConflictDoNothing()
    .returning({ id: personLinkRequest.id });
  if (inserted.length === 0) {
    const [open] = await tx
      .select({ id: personLinkRequest.id })
      .from(personLinkRequest)
      .where(
        and(
          eq(personLinkRequest.personId, found.id),
          eq(personLinkRequest.orgId, input.orgId),
          eq(personLinkRequest.purpose, input.purpose),
          eq(personLinkRequest.status, 'requested'),
        ),
      );
    if (!open) throw new Error('open link request vanished');
    return { status: 'link_requested', requestId: open.id };
  }
  await audit(tx, actor, {
    action: 'person.link_requested',
    entity: 'person_link_request',
    entityId: id,
    orgId: input.orgId,
    after: { purpose: input.purpose, typedName: input.typedName, idNumber: idNumberMasked, payload: input.payload ?? {} },
  });
  // The keeper's side of the trail: who asked for their person.
  await audit(tx, actor, {
    action: 'person.link_request_received',
    entity: 'person',
    entityId: found.id,
    orgId: found.orgId,
    orgPath: found.path,
    after: { requestId: id, purpose: input.purpose, requestingOrgId: input.orgId },
  });
  return { status: 'link_requested', requestId: id };
}

// ── Lists ─────────────────────────────────────────────────────────────────────────────────────

const keeperOrg = alias(org, 'keeper_org');
const requesterOrg = alias(org, 'requester_org');

export type LinkQuery = { orgId?: number; status?: LinkStatus; purpose?: LinkPurpose; after: string | null; limit: number };

function filters(q: Pick<LinkQuery, 'status' | 'purpose' | 'after'>): SQL[] {
  const conds: SQL[] = [];
  if (q.status) conds.push(eq(personLinkRequest.status, q.status));
  if (q.purpose) conds.push(eq(personLinkRequest.purpose, q.purpose));
  if (q.after && uuidPattern.test(q.after)) conds.push(sql`${personLinkRequest.id} < ${q.after}`);
  return conds;
}

const incomingColumns = {
  r: personLinkRequest,
  personName: person.name,
  personOrgId: person.orgId,
  personIdNumber: person.idNumberMasked,
  keeperName: keeperOrg.name,
  keeperPath: keeperOrg.path,
  requesterName: requesterOrg.name,
  requestedByName: account.username,
};

function incomingQuery(db: DbOrTx) {
  return db
    .select(incomingColumns)
    .from(personLinkRequest)
    .innerJoin(person, eq(person.id, personLinkRequest.personId))
    .innerJoin(keeperOrg, eq(keeperOrg.id, person.orgId))
    .innerJoin(requesterOrg, eq(requesterOrg.id, personLinkRequest.orgId))
    .leftJoin(account, eq(account.id, personLinkRequest.requestedBy));
}
type IncomingRow = Awaited<ReturnType<typeof incomingQuery>>[number];

/** Requests about people kept in the caller's scope (the keeper's side), newest first. */
export async function listIncoming(db: Db, actor: Actor, q: LinkQuery): Promise<IncomingRow[]> {
  const scope = await listScope(db, actor, 'person.read', q.orgId);
  return incomingQuery(db)
    .where(and(scope.where(keeperOrg.path), ...filters(q)))
    .orderBy(desc(personLinkRequest.id))
    .limit(q.limit + 1);
}

export async function loadIncoming(db: DbOrTx, id: string): Promise<IncomingRow | null> {
  if (!uuidPattern.test(id)) return null;
  const [row] = await incomingQuery(db).where(eq(personLinkRequest.id, id));
  return row ?? null;
}

function details(r: LinkRow) {
  return { purpose: r.purpose, status: r.status, requestedOn: r.requestedOn, expiresOn: r.expiresOn, typedName: r.typedName, idNumber: r.idNumberMasked };
}

/** The keeper's view: the person as kept (in their scope) beside what the requester typed. */
export function presentIncoming(row: IncomingRow, lang: Lang) {
  const r = row.r;
  return {
    id: r.id,
    ...details(r),
    requestingOrgId: r.orgId,
    requestingOrgName: row.requesterName,
    requestedByName: row.requestedByName ?? null,
    payload: r.payload,
    details: payloadDetails(r.purpose, r.payload, lang),
    person: { id: r.personId, name: row.personName, orgId: row.personOrgId, orgName: row.keeperName, idNumber: row.personIdNumber },
    nameMatches: row.personName === r.typedName,
    decidedByName: r.decidedByName,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    reason: r.reason,
    resultEntity: r.resultEntity,
  };
}

/** Requests the caller's orgs sent, newest first: what they typed and the answer, nothing of the person. */
export async function listSent(db: Db, actor: Actor, q: LinkQuery) {
  const scope = await listScope(db, actor, 'person.read', q.orgId);
  return db
    .select({ r: personLinkRequest, orgName: requesterOrg.name })
    .from(personLinkRequest)
    .innerJoin(requesterOrg, eq(requesterOrg.id, personLinkRequest.orgId))
    .where(and(scope.where(requesterOrg.path), ...filters(q)))
    .orderBy(desc(personLinkRequest.id))
    .limit(q.limit + 1);
}

export function presentSent(row: { r: LinkRow; orgName: string }) {
  const r = row.r;
  return {
    id: r.id,
    ...details(r),
    orgId: r.orgId,
    orgName: row.orgName,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    reason: r.reason,
    resultEntity: r.resultEntity,
    resultId: r.resultId,
  };
}

/** The person's own open requests (volunteer registrations asked of them), for the phone. */
export async function listOwn(db: DbOrTx, actor: Pick<Actor, 'accountId'>) {
  const personId = await ownPerson(db, actor);
  if (!personId) return [];
  const rows = await db
    .select({ r: personLinkRequest, orgName: requesterOrg.name })
    .from(personLinkRequest)
    .innerJoin(requesterOrg, eq(requesterOrg.id, personLinkRequest.orgId))
    .where(
      and(
        eq(personLinkRequest.personId, personId),
        eq(personLinkRequest.status, 'requested'),
        inArray(personLinkRequest.purpose, [...selfDecidable]),
        sql`${personLinkRequest.expiresOn} >= ${chinaToday()}::date`,
      ),
    )
    .orderBy(desc(personLinkRequest.id))
    .limit(100);
  return rows.map(({ r, orgName }) => ({
    id: r.id,
    purpose: r.purpose,
    status: r.status,
    requestedOn: r.requestedOn,
    expiresOn: r.expiresOn,
    orgName,
    payload: r.payload,
  }));
}

async function ownPerson(db: DbOrTx, actor: Pick<Actor, 'accountId'>): Promise<string | null> {
  const [row] = await db.select({ personId: account.personId }).from(account).where(eq(account.id, actor.accountId));
  return row?.personId ?? null;
}

/** Whether a phone account waits for its keeping org to link it to its person. */
export async function accountLinkPending(db: DbOrTx, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: personLinkRequest.id })
    .from(personLinkRequest)
    .where(and(eq(personLinkRequest.requestedBy, accountId), eq(personLinkRequest.purpose, 'account'), eq(personLinkRequest.status, 'requested')))
    .limit(1);
  return Boolean(row);
}

// ── Decisions ─────────────────────────────────────────────────────────────────────────────────

/** The purposes people fulfil themselves: moving the keeper, and linking a phone account. */
const ownFulfilments: Partial<Record<LinkPurpose, LinkFulfilment>> = {
  person: async ({ tx, actor, request, person: p, requester }) => {
    await moveKeeper(tx, actor, p, requester, request.id);
    return { entity: 'person', entityId: p.id };
  },
  account: async ({ tx, actor, request, person: p }) => {
    const [acc] = await tx.select().from(account).where(eq(account.id, request.requestedBy));
    if (!acc || acc.status !== 'active' || acc.personId) throw peopleErrors.link_requester_gone('requestId');
    const [claimed] = await tx.select({ id: account.id }).from(account).where(eq(account.personId, p.id));
    if (claimed) throw peopleErrors.link_claimed('personId');
    await tx.update(account).set({ personId: p.id, updatedAt: new Date() }).where(eq(account.id, acc.id));
    await audit(tx, actor, {
      action: 'account.linked',
      entity: 'account',
      entityId: acc.id,
      orgId: acc.orgId,
      after: { personId: p.id, linkRequestId: request.id },
    });
    return { entity: 'account', entityId: acc.id };
  },
};

export type Decision = 'accept' | 'decline';

/**
 * Accepts (creating the requested role in the same transaction) or declines a request. Staff
 * decide for people kept in their scope with `person.write`; with `self`, the person decides a
 * request about themselves that `selfDecidable` allows. Anything else answers 404.
 */
export async function decideLink(
  db: Db,
  actor: Actor,
  id: string,
  decision: Decision,
  input: { reason?: string | null },
  opts: { self?: boolean; today?: string } = {},
): Promise<void> {
  const today = opts.today ?? chinaToday();
  await db.transaction(async (tx) => {
    const [found] = uuidPattern.test(id)
      ? await tx
          .select({ r: personLinkRequest, p: person, path: org.path })
          .from(personLinkRequest)
          .innerJoin(person, eq(person.id, personLinkRequest.personId))
          .innerJoin(org, eq(org.id, person.orgId))
          .where(eq(personLinkRequest.id, id))
      : [];
    if (opts.self) {
      const own = await ownPerson(tx, actor);
      if (!found || !own || found.p.id !== own || !selfDecidable.includes(found.r.purpose)) throw errors.notFound('personLink');
    } else requireInScope(actor, 'person.write', found, 'personLink');
    if (!found) throw errors.notFound('personLink');
    const status: LinkStatus = found.r.status === 'requested' && found.r.expiresOn < today ? 'expired' : found.r.status;
    if (status !== 'requested') throw peopleErrors.link_decided('requestId', { status: statusLabels[status] });
    const reason = input.reason?.trim() || null;
    // Taking the row first: a second decider waits here, then finds it decided.
    const [taken] = await tx
      .update(personLinkRequest)
      .set({
        status: decision === 'accept' ? 'accepted' : 'declined',
        decidedBy: actor.accountId,
        decidedByName: actor.username,
        decidedAt: new Date(),
        reason,
        updatedAt: new Date(),
      })
      .where(and(eq(personLinkRequest.id, id), eq(personLinkRequest.status, 'requested')))
      .returning();
    if (!taken) {
      const [now] = await tx.select({ status: personLinkRequest.status }).from(personLinkRequest).where(eq(personLinkRequest.id, id));
      throw peopleErrors.link_decided('requestId', { status: statusLabels[now?.status ?? 'accepted'] });
    }
    let result: LinkResult | null = null;
    if (decision === 'accept') {
      const requester = await findOrg(tx, taken.orgId);
      if (!requester || requester.status !== 'active') throw peopleErrors.link_requester_gone('requestId');
      const fulfil = ownFulfilments[taken.purpose] ?? fulfilments.get(taken.purpose);
      if (!fulfil) throw new Error(`no fulfilment for link purpose ${taken.purpose}`);
      result = await fulfil({ tx, actor, request: taken, person: found.p, requester, today });
      await tx.update(personLinkRequest).set({ resultEntity: result.entity, resultId: result.entityId }).where(eq(personLinkRequest.id, id));
    }
    await audit(tx, actor, {
      action: decision === 'accept' ? 'person.link_accepted' : 'person.link_declined',
      entity: 'person_link_request',
      entityId: id,
      orgId: found.p.orgId,
      orgPath: found.path,
      before: { status: 'requested' },
      after: {
        status: taken.status,
        purpose: taken.purpose,
        personId: found.p.id,
        requestingOrgId: taken.orgId,
        reason,
        by: opts.self ? 'person' : 'org',
        ...(result ? { result } : {}),
      },
    });
  });
}

/** Open requests past their date end as expired (the daily job); each is audited on the keeper's side. */
export async function expireLinks(db: Db, today: string): Promise<number> {
  const due = await db
    .select({ id: personLinkRequest.id, orgId: person.orgId })
    .from(personLinkRequest)
    .innerJoin(person, eq(person.id, personLinkRequest.personId))
    .where(and(eq(personLinkRequest.status, 'requested'), sql`${personLinkRequest.expiresOn} < ${today}::date`));
  let n = 0;
  for (const d of due) {
    await db.transaction(async (tx) => {
      const [after] = await tx
        .update(personLinkRequest)
        .set({ status: 'expired', decidedAt: new Date(), updatedAt: new Date() })
        .where(and(eq(personLinkRequest.id, d.id), eq(personLinkRequest.status, 'requested')))
        .returning({ id: personLinkRequest.id });
      if (!after) return;
      await audit(tx, null, { action: 'person.link_expired', entity: 'person_link_request', entityId: d.id, orgId: d.orgId, after: { status: 'expired' } });
      n++;
    });
  }
  return n;
}

/** Routes name a request by id (`entity: 'personLink'`): the path of the org keeping its person. */
export const personLinkResolver: EntityResolver = async (db, id) => {
  if (!uuidPattern.test(id)) return null;
  const [row] = await db
    .select({ path: org.path })
    .from(personLinkRequest)
    .innerJoin(person, eq(person.id, personLinkRequest.personId))
    .innerJoin(org, eq(org.id, person.orgId))
    .where(eq(personLinkRequest.id, id));
  return row?.path ?? null;
};
