// Suggestions (意见建议): collected → assigned (交办) → resolved or explained → followed up (回访),
// each step a dated workflow step. The resolution rate is computed from these rows, never entered.
import { and, asc, desc, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db, DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { accessGrant } from '../../platform/access/access.schema.ts';
import { isRole, rolePermissions } from '../../platform/access/roles.ts';
import { can, orgForWrite, rowInScope, type Actor, type GrantRef, type OrgScope } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { account } from '../../platform/auth/auth.schema.ts';
import { isDate } from '../../platform/dates.ts';
import { errors, fromUniqueViolation } from '../../platform/errors.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { step } from '../../platform/workflow/workflow.ts';
import { notify } from '../notices/index.ts';
import { label, oneOf, pastDate, text } from './contact-work.common.ts';
import { contactWorkErrors } from './contact-work.errors.ts';
import {
  followUpDue,
  satisfactions,
  suggestionActions,
  suggestionSources,
  suggestionWorkflow,
  type Satisfaction,
  type SuggestionAction,
  type SuggestionSource,
  type SuggestionState,
} from './contact-work.rules.ts';
import { cwContact, cwSuggestion } from './contact-work.schema.ts';

export type SuggestionRow = typeof cwSuggestion.$inferSelect;

export type SuggestionInput = {
  requestId?: string | null;
  orgId: number;
  source: string;
  sourceRef?: string | null;
  contactId?: string | null;
  submitter?: string | null;
  title: string;
  content: string;
  receivedOn: string;
};

const link = (id: string) => `/contact-work/suggestions/${id}`;

async function byRequest(db: DbOrTx, requestId: string) {
  const [r] = await db.select().from(cwSuggestion).where(eq(cwSuggestion.requestId, requestId));
  return r ?? null;
}

/** Collects a suggestion; a resubmit with the same request id returns the first one. */
export async function collectSuggestion(db: Db, actor: Actor, input: SuggestionInput, today: string): Promise<SuggestionRow> {
  const replay = async () => {
    if (!input.requestId) return null;
    const first = await byRequest(db, input.requestId);
    if (first && first.createdBy !== actor.accountId) throw contactWorkErrors.request_reused('requestId');
    return first;
  };
  const seen = await replay();
  if (seen) return seen;
  const v = {
    source: oneOf<SuggestionSource>('source', input.source, suggestionSources),
    sourceRef: input.sourceRef ? label('sourceRef', input.sourceRef, 1, 100) : null,
    submitter: input.submitter ? label('submitter', input.submitter, 1, 50) : null,
    title: label('title', input.title, 2, 200),
    content: text('content', input.content, 5000, true) as string,
    receivedOn: pastDate('receivedOn', input.receivedOn, today),
  };
  try {
    return await db.transaction(async (tx) => {
      const o = await orgForWrite(tx, actor, 'service.write', input.orgId);
      let contactId: string | null = null;
      if (input.contactId) {
        const c = await rowInScope(tx, actor, 'service.read', cwContact, input.contactId, 'cwContact').catch(() => {
          throw contactWorkErrors.invalid('contactId', { 'zh-CN': '联系青年不存在或无权访问', 'en-US': 'no such contact in your scope' });
        });
        contactId = c.row.id;
      }
      const id = uuidv7();
      const state = await step(tx, actor, suggestionWorkflow, null, { entityId: id, orgId: o.id, action: 'collect', occurredOn: v.receivedOn });
      const [row] = await tx
        .insert(cwSuggestion)
        .values({ id, requestId: input.requestId ?? null, orgId: o.id, ...v, contactId, state, createdBy: actor.accountId })
        .returning();
      if (!row) throw new Error('insert failed');
      await audit(tx, actor, { action: 'contact-work.suggestion_collected', entity: 'cwSuggestion', entityId: id, orgId: o.id, orgPath: o.path, after: v });
      return row;
    });
  } catch (err) {
    const e = err as { constraint?: string; cause?: { constraint?: string } };
    if ((e.cause?.constraint ?? e.constraint) === 'cw_suggestion_request_uq') {
      const again = await replay();
      if (again) return again;
    }
    throw fromUniqueViolation(err) ?? err;
  }
}

/** The account's active grants as scope refs, to ask whether it may handle an org's services. */
async function grantsOf(db: DbOrTx, accountId: string): Promise<GrantRef[]> {
  const rows = await db
    .select({ id: accessGrant.id, role: accessGrant.role, orgId: accessGrant.orgId, path: org.path })
    .from(accessGrant)
    .innerJoin(org, eq(org.id, accessGrant.orgId))
    .innerJoin(account, eq(account.id, accessGrant.accountId))
    .where(and(eq(accessGrant.accountId, accountId), eq(accessGrant.status, 'active'), eq(account.status, 'active')));
  return rows.flatMap((r) => (isRole(r.role) ? [{ id: r.id, role: r.role, orgId: r.orgId, path: r.path }] : []));
}

/** Accounts that may handle a suggestion of the org at `path` (service.write there), for the assign picker. */
export async function assigneesFor(db: DbOrTx, path: string) {
  const ids = path.split('.').map(Number);
  const roles = Object.entries(rolePermissions)
    .filter(([, perms]) => perms.includes('service.write'))
    .map(([r]) => r);
  return db
    .selectDistinct({ id: account.id, username: account.username, displayName: account.displayName })
    .from(accessGrant)
    .innerJoin(account, eq(account.id, accessGrant.accountId))
    .where(and(inArray(accessGrant.orgId, ids), inArray(accessGrant.role, roles), eq(accessGrant.status, 'active'), eq(account.status, 'active')))
    .orderBy(asc(account.displayName), asc(account.id))
    .limit(200);
}

export type StepInput = {
  action: string;
  on: string;
  assigneeId?: string | null;
  dueOn?: string | null;
  answer?: string | null;
  satisfaction?: string | null;
  comment?: string | null;
};

/**
 * One step of a suggestion, checked against the workflow and dated no earlier than the step
 * before it; the write is conditional on the state read, so a double click moves it once.
 */
export async function suggestionStep(db: Db, actor: Actor, id: string, input: StepInput, today: string): Promise<SuggestionRow> {
  const action = oneOf<SuggestionAction>(
    'action',
    input.action,
    suggestionActions.filter((a) => a !== 'collect'),
  );
  const on = pastDate('on', input.on, today);
  const comment = text('comment', input.comment, 1000);
  return db.transaction(async (tx) => {
    const { row, path } = await rowInScope(tx, actor, 'service.write', cwSuggestion, id, 'cwSuggestion');
    const from = row.state as SuggestionState;
    const last =
      [row.receivedOn, row.assignedOn, row.settledOn, row.followedUpOn]
        .filter((d): d is string => Boolean(d))
        .sort()
        .at(-1) ?? row.receivedOn;
    // The state is checked first: an action the state refuses is told as such, whatever its date.
    const to = await step(tx, actor, suggestionWorkflow, from, { entityId: id, orgId: row.orgId, action, occurredOn: on, comment });
    if (on < last) throw contactWorkErrors.date_before('on', { before: { 'zh-CN': '上一步', 'en-US': 'previous step' }, date: last });
    let set: Partial<SuggestionRow> = { state: to };
    let tell: string | null = null;
    if (action === 'assign') {
      if (!input.assigneeId) throw contactWorkErrors.invalid('assigneeId', { 'zh-CN': '请选择承办人', 'en-US': 'choose an assignee' });
      const grants = await grantsOf(tx, input.assigneeId);
      if (!can({ grants }, 'service.write', path)) throw contactWorkErrors.assignee_out_of_scope('assigneeId');
      if (input.dueOn && (!isDate(input.dueOn) || input.dueOn < on)) {
        throw contactWorkErrors.invalid('dueOn', { 'zh-CN': '须为交办日期当天或之后', 'en-US': 'must be on or after the assignment day' });
      }
      set = { ...set, assigneeId: input.assigneeId, assignedOn: on, dueOn: input.dueOn ?? null };
      tell = input.assigneeId;
    } else if (action === 'resolve' || action === 'explain') {
      const answer = text('answer', input.answer, 5000, true);
      set = {
        ...set,
        outcome: action === 'resolve' ? 'resolved' : 'explained',
        settledOn: on,
        answer,
        followUpDueOn: followUpDue(on),
        followUpRemindedOn: null,
      };
    } else if (action === 'follow_up') {
      const satisfaction = oneOf<Satisfaction>('satisfaction', input.satisfaction, satisfactions);
      set = { ...set, followedUpOn: on, satisfaction };
    }
    const [after] = await tx
      .update(cwSuggestion)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(cwSuggestion.id, id), eq(cwSuggestion.state, from)))
      .returning();
    if (!after) throw errors.transitionNotAllowed('action', suggestionWorkflow.states[from], suggestionWorkflow.transitions[action].label);
    await audit(tx, actor, {
      action: `contact-work.suggestion_${action}`,
      entity: 'cwSuggestion',
      entityId: id,
      orgId: row.orgId,
      orgPath: path,
      before: { state: from },
      after: { state: to, on, ...(tell ? { assigneeId: tell } : {}) },
    });
    if (tell) {
      await notify(tx, {
        accountIds: [tell],
        kind: 'contact-work.suggestion_assigned',
        title: { 'zh-CN': `交办意见建议：${row.title}`, 'en-US': `Suggestion assigned to you: ${row.title}` },
        body: input.dueOn ? { 'zh-CN': `请于 ${input.dueOn} 前办理`, 'en-US': `Please handle it by ${input.dueOn}` } : undefined,
        link: link(id),
        orgId: row.orgId,
      });
    }
    return after;
  });
}

export type SuggestionFilter = {
  scope: OrgScope;
  state?: string;
  source?: string;
  q?: string;
  from?: string;
  to?: string;
  assigneeId?: string;
};

export function suggestionConds(f: SuggestionFilter): SQL[] {
  const conds: SQL[] = [f.scope.where(org.path)];
  if (f.state) conds.push(eq(cwSuggestion.state, f.state));
  if (f.source) conds.push(eq(cwSuggestion.source, f.source));
  if (f.assigneeId) conds.push(eq(cwSuggestion.assigneeId, f.assigneeId));
  if (f.q) conds.push(sql`(${cwSuggestion.title} ilike ${containsPattern(f.q)} or ${cwSuggestion.content} ilike ${containsPattern(f.q)})`);
  if (f.from) conds.push(sql`${cwSuggestion.receivedOn} >= ${f.from}::date`);
  if (f.to) conds.push(sql`${cwSuggestion.receivedOn} <= ${f.to}::date`);
  return conds;
}

export type SuggestionSort = 'received_desc' | 'received_asc';

/** Keyset over (received_on, id) in either direction. */
export async function listSuggestions(db: DbOrTx, f: SuggestionFilter & { sort: SuggestionSort; after: [string, string] | null; limit: number }) {
  const conds = suggestionConds(f);
  const asc_ = f.sort === 'received_asc';
  if (f.after) {
    const [day, id] = f.after;
    conds.push(
      asc_
        ? sql`(${cwSuggestion.receivedOn}, ${cwSuggestion.id}) > (${day}::date, ${id}::uuid)`
        : sql`(${cwSuggestion.receivedOn}, ${cwSuggestion.id}) < (${day}::date, ${id}::uuid)`,
    );
  }
  return db
    .select({ s: cwSuggestion, orgName: org.name, assigneeName: account.displayName })
    .from(cwSuggestion)
    .innerJoin(org, eq(org.id, cwSuggestion.orgId))
    .leftJoin(account, eq(account.id, cwSuggestion.assigneeId))
    .where(and(...conds))
    .orderBy(...(asc_ ? [asc(cwSuggestion.receivedOn), asc(cwSuggestion.id)] : [desc(cwSuggestion.receivedOn), desc(cwSuggestion.id)]))
    .limit(f.limit + 1);
}

/**
 * The daily reminder: each settled suggestion whose follow-up (回访) falls due by `today` tells its
 * assignee once; the conditional update is the claim, so a second run (or instance) tells nobody.
 */
export async function remindFollowUps(db: Db, today: string): Promise<{ reminded: number }> {
  return db.transaction(async (tx) => {
    const due = await tx
      .update(cwSuggestion)
      .set({ followUpRemindedOn: today })
      .where(
        and(
          lte(cwSuggestion.followUpDueOn, today),
          isNull(cwSuggestion.followedUpOn),
          isNull(cwSuggestion.followUpRemindedOn),
          inArray(cwSuggestion.state, ['resolved', 'explained']),
        ),
      )
      .returning({
        id: cwSuggestion.id,
        orgId: cwSuggestion.orgId,
        title: cwSuggestion.title,
        assigneeId: cwSuggestion.assigneeId,
        createdBy: cwSuggestion.createdBy,
      });
    for (const s of due) {
      const to = s.assigneeId ?? s.createdBy;
      if (!to) continue;
      await notify(tx, {
        accountIds: [to],
        kind: 'contact-work.follow_up_due',
        title: { 'zh-CN': `意见建议待回访：${s.title}`, 'en-US': `Follow-up due: ${s.title}` },
        link: link(s.id),
        orgId: s.orgId,
      });
    }
    return { reminded: due.length };
  });
}
