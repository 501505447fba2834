// Visits to grassroots orgs (下沉走访), research reports (调研报告), proposals (议案/提案) and
// pairings (手拉手 结对) with their activity log: rows end with a status, never a DELETE.
import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../../db/client.ts';
import { orgForWrite, rowInScope, type Actor } from '../../platform/access/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import { step } from '../../platform/workflow/workflow.ts';
import { label, oneOf, pastDate, text } from './contact-work.common.ts';
import { contactWorkErrors } from './contact-work.errors.ts';
import {
  pairingKinds,
  proposalActions,
  proposalChannels,
  proposalWorkflow,
  type PairingKind,
  type ProposalAction,
  type ProposalChannel,
  type ProposalState,
} from './contact-work.rules.ts';
import { cwPairing, cwPairingActivity, cwProposal, cwReport, cwVisit } from './contact-work.schema.ts';
import { storeReportFile } from './files.ts';

export type VisitRow = typeof cwVisit.$inferSelect;
export type ReportRow = typeof cwReport.$inferSelect;
export type ProposalRow = typeof cwProposal.$inferSelect;
export type PairingRow = typeof cwPairing.$inferSelect;

export async function recordVisit(
  db: Db,
  actor: Actor,
  input: { orgId: number; visitedOn: string; visitors: string; topic: string; note?: string | null },
  today: string,
): Promise<VisitRow> {
  const v = {
    visitedOn: pastDate('visitedOn', input.visitedOn, today),
    visitors: label('visitors', input.visitors, 1, 200),
    topic: label('topic', input.topic, 2, 200),
    note: text('note', input.note, 5000),
  };
  return db.transaction(async (tx) => {
    const o = await orgForWrite(tx, actor, 'service.write', input.orgId);
    const [row] = await tx
      .insert(cwVisit)
      .values({ id: uuidv7(), orgId: o.id, ...v, createdBy: actor.accountId })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, { action: 'contact-work.visit_recorded', entity: 'cwVisit', entityId: row.id, orgId: o.id, orgPath: o.path, after: v });
    return row;
  });
}

export async function voidVisit(db: Db, actor: Actor, id: string, reason: string): Promise<VisitRow> {
  const why = label('reason', reason, 2, 500);
  return db.transaction(async (tx) => {
    const { row, path } = await rowInScope(tx, actor, 'service.write', cwVisit, id, 'cwVisit');
    const [after] = await tx
      .update(cwVisit)
      .set({ status: 'void', voidReason: why })
      .where(and(eq(cwVisit.id, id), eq(cwVisit.status, 'recorded')))
      .returning();
    if (!after) throw contactWorkErrors.record_void('status');
    await audit(tx, actor, { action: 'contact-work.visit_voided', entity: 'cwVisit', entityId: id, orgId: row.orgId, orgPath: path, after: { reason: why } });
    return after;
  });
}

export async function recordReport(
  db: Db,
  actor: Actor,
  input: { orgId: number; title: string; authors: string; writtenOn: string; summary?: string | null },
  today: string,
): Promise<ReportRow> {
  const v = {
    title: label('title', input.title, 2, 200),
    authors: label('authors', input.authors, 1, 200),
    writtenOn: pastDate('writtenOn', input.writtenOn, today),
    summary: text('summary', input.summary, 5000),
  };
  return db.transaction(async (tx) => {
    const o = await orgForWrite(tx, actor, 'service.write', input.orgId);
    const [row] = await tx
      .insert(cwReport)
      .values({ id: uuidv7(), orgId: o.id, ...v, createdBy: actor.accountId })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, { action: 'contact-work.report_recorded', entity: 'cwReport', entityId: row.id, orgId: o.id, orgPath: o.path, after: v });
    return row;
  });
}

export async function voidReport(db: Db, actor: Actor, id: string, reason: string): Promise<ReportRow> {
  const why = label('reason', reason, 2, 500);
  return db.transaction(async (tx) => {
    const { row, path } = await rowInScope(tx, actor, 'service.write', cwReport, id, 'cwReport');
    const [after] = await tx
      .update(cwReport)
      .set({ status: 'void', voidReason: why })
      .where(and(eq(cwReport.id, id), eq(cwReport.status, 'recorded')))
      .returning();
    if (!after) throw contactWorkErrors.record_void('status');
    await audit(tx, actor, { action: 'contact-work.report_voided', entity: 'cwReport', entityId: id, orgId: row.orgId, orgPath: path, after: { reason: why } });
    return after;
  });
}

export async function addReportFile(db: Db, actor: Actor, id: string, file: { fileName: string; data: Buffer }) {
  return db.transaction(async (tx) => {
    const { row, path } = await rowInScope(tx, actor, 'service.write', cwReport, id, 'cwReport');
    if (row.status !== 'recorded') throw contactWorkErrors.record_void('status');
    return storeReportFile(tx, actor, { id, orgId: row.orgId, path }, file);
  });
}

export type ProposalInput = {
  orgId: number;
  channel: string;
  title: string;
  content?: string | null;
  proposer: string;
  session?: string | null;
  submittedOn: string;
};

export async function submitProposal(db: Db, actor: Actor, input: ProposalInput, today: string): Promise<ProposalRow> {
  const v = {
    channel: oneOf<ProposalChannel>('channel', input.channel, proposalChannels),
    title: label('title', input.title, 2, 200),
    content: text('content', input.content, 10000),
    proposer: label('proposer', input.proposer, 1, 100),
    session: input.session ? label('session', input.session, 1, 100) : null,
    submittedOn: pastDate('submittedOn', input.submittedOn, today),
  };
  return db.transaction(async (tx) => {
    const o = await orgForWrite(tx, actor, 'service.write', input.orgId);
    const id = uuidv7();
    const state = await step(tx, actor, proposalWorkflow, null, { entityId: id, orgId: o.id, action: 'submit', occurredOn: v.submittedOn });
    const [row] = await tx
      .insert(cwProposal)
      .values({ id, orgId: o.id, ...v, state, createdBy: actor.accountId })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, { action: 'contact-work.proposal_submitted', entity: 'cwProposal', entityId: id, orgId: o.id, orgPath: o.path, after: v });
    return row;
  });
}

/**
 * One step of a proposal: 立案 / 不予立案 / 答复 / 撤回, dated, not before the previous step.
 * The update is conditional on the state read, so two concurrent steps cannot both land.
 */
export async function proposalStep(
  db: Db,
  actor: Actor,
  id: string,
  input: { action: string; on: string; answer?: string | null; comment?: string | null },
  today: string,
): Promise<ProposalRow> {
  const action = oneOf<ProposalAction>(
    'action',
    input.action,
    proposalActions.filter((a) => a !== 'submit'),
  );
  const on = pastDate('on', input.on, today);
  const answer = action === 'answer' ? text('answer', input.answer, 10000, true) : null;
  const comment = text('comment', input.comment, 1000);
  return db.transaction(async (tx) => {
    const { row, path } = await rowInScope(tx, actor, 'service.write', cwProposal, id, 'cwProposal');
    const last = row.answeredOn ?? row.decidedOn ?? row.submittedOn;
    if (on < last) throw contactWorkErrors.date_before('on', { before: { 'zh-CN': '上一步', 'en-US': 'previous step' }, date: last });
    const from = row.state as ProposalState;
    const to = await step(tx, actor, proposalWorkflow, from, { entityId: id, orgId: row.orgId, action, occurredOn: on, comment: comment ?? answer });
    const set = action === 'answer' ? { state: to, answer, answeredOn: on } : action === 'withdraw' ? { state: to } : { state: to, decidedOn: on };
    const [after] = await tx
      .update(cwProposal)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(cwProposal.id, id), eq(cwProposal.state, from)))
      .returning();
    if (!after) throw contactWorkErrors.invalid('action', { 'zh-CN': '状态已被他人更改，请刷新', 'en-US': 'the state changed meanwhile; reload' });
    await audit(tx, actor, {
      action: `contact-work.proposal_${action}`,
      entity: 'cwProposal',
      entityId: id,
      orgId: row.orgId,
      orgPath: path,
      before: { state: from },
      after: { state: to, on, answer },
    });
    return after;
  });
}

export type PairingInput = {
  orgId: number;
  kind: string;
  sideA: string;
  sideAOrgId?: number | null;
  sideB: string;
  sideBOrgId?: number | null;
  theme?: string | null;
  startedOn: string;
};

export async function createPairing(db: Db, actor: Actor, input: PairingInput, today: string): Promise<PairingRow> {
  const kind = oneOf<PairingKind>('kind', input.kind, pairingKinds);
  const v = {
    kind,
    sideA: label('sideA', input.sideA, 1, 100),
    sideB: label('sideB', input.sideB, 1, 100),
    theme: input.theme ? label('theme', input.theme, 1, 200) : null,
    startedOn: pastDate('startedOn', input.startedOn, today),
  };
  return db.transaction(async (tx) => {
    const o = await orgForWrite(tx, actor, 'service.write', input.orgId);
    // An org side named by id must be one the caller may see (the name still says who it is).
    const sideAOrgId = input.sideAOrgId ? (await orgForWrite(tx, actor, 'service.read', input.sideAOrgId, { field: 'sideAOrgId' })).id : null;
    const sideBOrgId = input.sideBOrgId ? (await orgForWrite(tx, actor, 'service.read', input.sideBOrgId, { field: 'sideBOrgId' })).id : null;
    const [row] = await tx
      .insert(cwPairing)
      .values({ id: uuidv7(), orgId: o.id, ...v, sideAOrgId, sideBOrgId, createdBy: actor.accountId })
      .returning();
    if (!row) throw new Error('insert failed');
    await audit(tx, actor, { action: 'contact-work.pairing_created', entity: 'cwPairing', entityId: row.id, orgId: o.id, orgPath: o.path, after: v });
    return row;
  });
}

export async function endPairing(db: Db, actor: Actor, id: string, input: { on: string; reason?: string | null }, today: string): Promise<PairingRow> {
  const on = pastDate('on', input.on, today);
  const reason = text('reason', input.reason, 500);
  return db.transaction(async (tx) => {
    const { row, path } = await rowInScope(tx, actor, 'service.write', cwPairing, id, 'cwPairing');
    if (on < row.startedOn) throw contactWorkErrors.date_before('on', { before: { 'zh-CN': '结对日期', 'en-US': 'pairing start' }, date: row.startedOn });
    const [after] = await tx
      .update(cwPairing)
      .set({ status: 'ended', endedOn: on, endReason: reason, updatedAt: new Date() })
      .where(and(eq(cwPairing.id, id), eq(cwPairing.status, 'active')))
      .returning();
    if (!after) throw contactWorkErrors.pairing_ended('status');
    await audit(tx, actor, { action: 'contact-work.pairing_ended', entity: 'cwPairing', entityId: id, orgId: row.orgId, orgPath: path, after: { on, reason } });
    return after;
  });
}

export async function logPairingActivity(db: Db, actor: Actor, id: string, input: { heldOn: string; title: string; note?: string | null }, today: string) {
  const v = { heldOn: pastDate('heldOn', input.heldOn, today), title: label('title', input.title, 2, 200), note: text('note', input.note, 5000) };
  return db.transaction(async (tx) => {
    const { row, path } = await rowInScope(tx, actor, 'service.write', cwPairing, id, 'cwPairing');
    if (row.status !== 'active') throw contactWorkErrors.pairing_ended('status');
    if (v.heldOn < row.startedOn)
      throw contactWorkErrors.date_before('heldOn', { before: { 'zh-CN': '结对日期', 'en-US': 'pairing start' }, date: row.startedOn });
    const [a] = await tx
      .insert(cwPairingActivity)
      .values({ id: uuidv7(), orgId: row.orgId, pairingId: id, ...v, createdBy: actor.accountId })
      .returning();
    if (!a) throw new Error('insert failed');
    await audit(tx, actor, { action: 'contact-work.pairing_activity', entity: 'cwPairing', entityId: id, orgId: row.orgId, orgPath: path, after: v });
    return a;
  });
}
