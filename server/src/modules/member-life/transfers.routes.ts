import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { can, listScope } from '../../platform/access/scope.ts';
import { chinaToday } from '../../platform/dates.ts';
import { errors, type Lang } from '../../platform/errors.ts';
import { sendList, xlsxType } from '../../platform/excel/excel.ts';
import { actorOf, decodeCursor, encodeCursor, errorResponses, Nullable, PageQuery } from '../../platform/http.ts';
import { history } from '../../platform/workflow/workflow.ts';
import type { ModuleRoutes } from '../../platform/module.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { personOf } from '../accounts/index.ts';
import { activeMemberOfPerson } from './member-life.common.ts';
import { transferReasons, transferRequestStatuses, transferStatuses } from './member-life.schema.ts';
import {
  getTransfer,
  getTransferRequest,
  listTransferRequests,
  listTransfers,
  transfersOfMember,
  type TransferListRow,
  type TransferRequestListRow,
} from './transfers.queries.ts';
import { cancelTransferRequest, consentTransferRequest, declineTransferRequest, fileTransferRequest, transferRequestWorkflow } from './transfers.requests.ts';
import {
  approveTransfer,
  bulkApprove,
  cancelOwnTransfer,
  cancelTransfer,
  hasConsent,
  rejectTransfer,
  startTransfer,
  transferWorkflow,
} from './transfers.service.ts';

const reasonLabels: Record<string, Record<Lang, string>> = {
  study: { 'zh-CN': '升学', 'en-US': 'Study' },
  work: { 'zh-CN': '就业', 'en-US': 'Work' },
  abroad: { 'zh-CN': '出国（境）', 'en-US': 'Abroad' },
  unemployed: { 'zh-CN': '待业', 'en-US': 'Unemployed' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};

export const TransferOut = Type.Object({
  id: Type.String(),
  memberId: Type.String(),
  memberName: Type.String(),
  fromOrgId: Type.Integer(),
  fromOrgName: Type.String(),
  toOrgId: Type.Integer(),
  toOrgName: Type.String(),
  assignedBranchId: Nullable(Type.Integer()),
  assignedBranchName: Nullable(Type.String()),
  reason: Type.Enum(transferReasons),
  reasonLabel: Type.String(),
  initiatedBy: Type.String(),
  status: Type.Enum(transferStatuses),
  statusLabel: Type.String(),
  requestedOn: Type.String(),
  expiresOn: Type.String(),
  decidedOn: Nullable(Type.String()),
  note: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  /** the receiving side's request the member's side consented to, when it started this transfer */
  requestId: Nullable(Type.String()),
});

export function presentTransfer(r: TransferListRow, lang: Lang) {
  return {
    id: r.id,
    memberId: r.member_id,
    memberName: r.member_name,
    fromOrgId: r.from_org_id,
    fromOrgName: r.from_org_name,
    toOrgId: r.to_org_id,
    toOrgName: r.to_org_name,
    assignedBranchId: r.assigned_branch_id,
    assignedBranchName: r.assigned_branch_name,
    reason: r.reason as (typeof transferReasons)[number],
    reasonLabel: reasonLabels[r.reason]?.[lang] ?? r.reason,
    initiatedBy: r.initiated_by,
    status: r.status,
    statusLabel: transferWorkflow.states[r.status][lang],
    requestedOn: r.requested_on,
    expiresOn: r.expires_on,
    decidedOn: r.decided_on,
    note: r.note,
    decisionNote: r.decision_note,
    requestId: r.request_id,
  };
}

/**
 * A transfer request as one side sees it. The requester (`sent`) gets back only what it typed and
 * the outcome — `member*` stay null, and `transferId` appears once the member's side consented.
 */
export const TransferRequestOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  idNumber: Type.String({ description: 'masked' }),
  toOrgId: Type.Integer(),
  toOrgName: Type.String(),
  reason: Type.Enum(transferReasons),
  reasonLabel: Type.String(),
  note: Nullable(Type.String()),
  status: Type.Enum(transferRequestStatuses),
  statusLabel: Type.String(),
  requestedOn: Type.String(),
  expiresOn: Type.String(),
  decidedOn: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  transferId: Nullable(Type.String()),
  memberId: Nullable(Type.String()),
  memberOrgId: Nullable(Type.Integer()),
  memberOrgName: Nullable(Type.String()),
});

export function presentTransferRequest(r: TransferRequestListRow, lang: Lang) {
  return {
    id: r.id,
    name: r.name,
    idNumber: r.id_number_masked,
    toOrgId: r.to_org_id,
    toOrgName: r.to_org_name,
    reason: r.reason as (typeof transferReasons)[number],
    reasonLabel: reasonLabels[r.reason]?.[lang] ?? r.reason,
    note: r.note,
    status: r.status,
    statusLabel: transferRequestWorkflow.states[r.status][lang],
    requestedOn: r.requested_on,
    expiresOn: r.expires_on,
    decidedOn: r.decided_on,
    decisionNote: r.decision_note,
    transferId: r.transfer_id,
    memberId: r.member_id,
    memberOrgId: r.member_org_id,
    memberOrgName: r.member_org_name,
  };
}

const Id = Type.Object({ id: Type.String({ maxLength: 40 }) });
const Start = Type.Object({
  memberId: Type.String({ format: 'uuid' }),
  toOrgId: Type.Integer({ minimum: 1 }),
  reason: Type.Enum(transferReasons),
  note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  requestedOn: Type.Optional(Type.String({ maxLength: 10 })),
});
const ok = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };

export const transfersRoutes: ModuleRoutes = async (fastify, { db, pii }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const present = async (id: string, lang: Lang) => {
    const row = await getTransfer(db, id);
    if (!row) throw errors.notFound('transfer');
    return presentTransfer(row, lang);
  };

  app.get(
    '/transfers',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List transfers in scope',
        querystring: Type.Object({
          ...PageQuery,
          direction: Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')], { default: 'incoming' }),
          status: Type.Optional(Type.Enum(transferStatuses)),
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(TransferOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const scope = await listScope(db, actorOf(request), 'member.read', q.orgId);
      const limit = q.limit ?? 50;
      const after = decodeCursor(q.cursor);
      const rows = await listTransfers(db, {
        direction: q.direction ?? 'incoming',
        scope,
        status: q.status,
        after: after ? [String(after[0]), String(after[1])] : null,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => presentTransfer(r, request.lang)),
        nextCursor: rows.length > limit && last ? encodeCursor([last.requested_on, last.id]) : null,
      };
    },
  );

  app.get(
    '/transfers/export',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'Export transfers to Excel',
        produces: [xlsxType],
        querystring: Type.Object({
          direction: Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')], { default: 'incoming' }),
          status: Type.Optional(Type.Enum(transferStatuses)),
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const direction = q.direction ?? 'incoming';
      const scope = await listScope(db, actorOf(request), 'member.read', q.orgId);
      const rows = await listTransfers(db, { direction, scope, status: q.status, after: null, limit: 20_000 });
      const col = (key: string, zh: string, en: string, width = 14) => ({ key, header: { 'zh-CN': zh, 'en-US': en }, width });
      return sendList(reply, request.lang, {
        sheet: direction === 'incoming' ? { 'zh-CN': '转入', 'en-US': 'Incoming' } : { 'zh-CN': '转出', 'en-US': 'Outgoing' },
        fileName: `组织关系转接-${direction === 'incoming' ? '转入' : '转出'}-${chinaToday()}.xlsx`,
        rows: rows.map((r) => presentTransfer(r, request.lang)),
        columns: [
          col('memberName', '姓名', 'Member', 12),
          col('fromOrgName', '转出组织', 'From', 28),
          col('toOrgName', '转入组织', 'To', 28),
          col('assignedBranchName', '接收支部', 'Assigned branch', 24),
          col('reasonLabel', '原因', 'Reason', 10),
          col('statusLabel', '状态', 'Status', 10),
          col('requestedOn', '申请日期', 'Requested', 12),
          col('expiresOn', '到期日期', 'Expires', 12),
          col('decidedOn', '办理日期', 'Decided', 12),
          col('note', '说明', 'Note', 24),
          col('decisionNote', '办理意见', 'Decision note', 24),
        ],
      });
    },
  );

  app.post(
    '/transfers',
    {
      config: { access: { permission: 'member.write' } },
      schema: {
        summary: "Start a member's transfer",
        description:
          'The member’s own side starts it: the member must be in the caller’s scope (else 404, as for a missing one). The receiving side asks with POST /transfer-requests.',
        body: Start,
        response: { 201: TransferOut, ...ok },
      },
    },
    async (request, reply) => {
      const row = await startTransfer(db, actorOf(request), request.body, { today: chinaToday() });
      return reply.code(201).send(await present(row.id, request.lang));
    },
  );

  app.get(
    '/transfers/:id',
    {
      config: { access: { permission: 'member.read', entity: 'transfer' } },
      schema: {
        summary: 'Get a transfer',
        params: Id,
        response: {
          200: Type.Intersect([
            TransferOut,
            Type.Object({
              canDecide: Type.Boolean(),
              history: Type.Array(
                Type.Object({
                  action: Type.String(),
                  toState: Type.String(),
                  at: Type.String(),
                  actor: Nullable(Type.String()),
                  comment: Nullable(Type.String()),
                }),
              ),
            }),
          ]),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const t = await present(request.params.id, request.lang);
      const to = await findOrg(db, t.toOrgId);
      const steps = await history(db, transferWorkflow, t.id);
      return {
        ...t,
        canDecide: t.status === 'pending' && hasConsent(t) && Boolean(to && can(actorOf(request), 'member.approve', to.path)),
        history: steps.map((s) => ({ action: s.action, toState: s.toState, at: s.at.toISOString(), actor: s.actorUsername, comment: s.comment })),
      };
    },
  );

  app.post(
    '/transfers/:id/approve',
    {
      config: { access: { permission: 'member.approve', entity: 'transfer' } },
      schema: {
        summary: 'Approve a transfer',
        params: Id,
        body: Type.Object({
          branchId: Type.Integer({ minimum: 1 }),
          decidedOn: Type.Optional(Type.String({ maxLength: 10 })),
          note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
        }),
        response: { 200: TransferOut, ...ok },
      },
    },
    async (request) => {
      await approveTransfer(db, actorOf(request), request.params.id, request.body, chinaToday());
      return present(request.params.id, request.lang);
    },
  );

  app.post(
    '/transfers/:id/reject',
    {
      config: { access: { permission: 'member.approve', entity: 'transfer' } },
      schema: {
        summary: 'Reject a transfer',
        params: Id,
        body: Type.Object({ reason: Type.String({ maxLength: 500 }) }),
        response: { 200: TransferOut, ...ok },
      },
    },
    async (request) => {
      await rejectTransfer(db, actorOf(request), request.params.id, request.body, chinaToday());
      return present(request.params.id, request.lang);
    },
  );

  app.post(
    '/transfers/:id/cancel',
    {
      config: { access: { permission: 'member.write', entity: 'transfer' } },
      schema: {
        summary: 'Cancel a transfer',
        params: Id,
        body: Type.Object({ reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }),
        response: { 200: TransferOut, ...ok },
      },
    },
    async (request) => {
      await cancelTransfer(db, actorOf(request), request.params.id, request.body, chinaToday());
      return present(request.params.id, request.lang);
    },
  );

  app.post(
    '/transfers/bulk-approve',
    {
      config: { access: { permission: 'member.approve' } },
      schema: {
        summary: 'Approve transfers in bulk',
        body: Type.Object({
          items: Type.Array(Type.Object({ id: Type.String({ maxLength: 40 }), branchId: Type.Integer({ minimum: 1 }) }), { minItems: 1, maxItems: 200 }),
        }),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                id: Type.String(),
                ok: Type.Boolean(),
                status: Type.Integer(),
                code: Type.Optional(Type.String()),
                message: Type.Optional(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ results: await bulkApprove(db, actorOf(request), request.body.items, chinaToday(), request.lang) }),
  );

  // ---- transfer requests: the receiving side asks, the member's side consents ----
  const RequestDirection = Type.Union([Type.Literal('received'), Type.Literal('sent')], {
    default: 'received',
    description: 'received: requests about members in scope, awaiting our consent; sent: our own requests',
  });
  const presentRequest = async (id: string, side: 'sent' | 'received', lang: Lang) => {
    const row = await getTransferRequest(db, id, side);
    if (!row) throw errors.notFound('transferRequest');
    return presentTransferRequest(row, lang);
  };

  app.get(
    '/transfer-requests',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List transfer requests in scope',
        querystring: Type.Object({
          ...PageQuery,
          direction: RequestDirection,
          status: Type.Optional(Type.Enum(transferRequestStatuses)),
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(TransferRequestOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const scope = await listScope(db, actorOf(request), 'member.read', q.orgId);
      const limit = q.limit ?? 50;
      const after = decodeCursor(q.cursor);
      const rows = await listTransferRequests(db, {
        direction: q.direction ?? 'received',
        scope,
        status: q.status,
        after: after ? [String(after[0]), String(after[1])] : null,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => presentTransferRequest(r, request.lang)),
        nextCursor: rows.length > limit && last ? encodeCursor([last.requested_on, last.id]) : null,
      };
    },
  );

  app.post(
    '/transfer-requests',
    {
      config: { access: { permission: 'member.write' } },
      schema: {
        summary: 'Ask for a member to transfer in',
        description:
          'The receiving side names the person by ID number and name. The answer is the same whether or not such a member exists; the member’s own side sees the request and consents or declines.',
        body: Type.Object({
          idNumber: Type.String({ minLength: 1, maxLength: 18 }),
          name: Type.String({ minLength: 1, maxLength: 50 }),
          toOrgId: Type.Integer({ minimum: 1 }),
          reason: Type.Enum(transferReasons),
          note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
        }),
        response: { 202: Type.Object({ id: Type.String(), status: Type.Literal('requested') }), ...ok },
      },
    },
    async (request, reply) => reply.code(202).send(await fileTransferRequest(db, pii, actorOf(request), request.body, chinaToday())),
  );

  app.post(
    '/transfer-requests/:id/consent',
    {
      config: { access: { permission: 'member.write', entity: 'transferRequest' } },
      schema: {
        summary: 'Consent to a transfer request',
        description: 'The member’s own side: a transfer starts, pending the receiving side’s approval.',
        params: Id,
        body: Type.Object({ note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }),
        response: { 200: TransferRequestOut, ...ok },
      },
    },
    async (request) => {
      await consentTransferRequest(db, actorOf(request), request.params.id, request.body, chinaToday());
      return presentRequest(request.params.id, 'received', request.lang);
    },
  );

  app.post(
    '/transfer-requests/:id/decline',
    {
      config: { access: { permission: 'member.write', entity: 'transferRequest' } },
      schema: {
        summary: 'Decline a transfer request',
        params: Id,
        body: Type.Object({ reason: Type.String({ maxLength: 500 }) }),
        response: { 200: TransferRequestOut, ...ok },
      },
    },
    async (request) => {
      await declineTransferRequest(db, actorOf(request), request.params.id, request.body, chinaToday());
      return presentRequest(request.params.id, 'received', request.lang);
    },
  );

  app.post(
    '/transfer-requests/:id/cancel',
    {
      config: { access: { permission: 'member.write', entity: 'transferRequest' } },
      schema: {
        summary: 'Withdraw a transfer request',
        params: Id,
        body: Type.Object({ reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }),
        response: { 200: TransferRequestOut, ...ok },
      },
    },
    async (request) => {
      await cancelTransferRequest(db, actorOf(request), request.params.id, request.body, chinaToday());
      return presentRequest(request.params.id, 'sent', request.lang);
    },
  );

  // ---- the member's own (phone) ----
  app.get(
    '/me/transfers',
    {
      config: { access: { self: true } },
      schema: { summary: 'List my transfers', response: { 200: Type.Object({ items: Type.Array(TransferOut) }), ...ok } },
    },
    async (request) => {
      const m = await activeMemberOfPerson(db, await personOf(db, actorOf(request)));
      return { items: (await transfersOfMember(db, m.id)).map((r) => presentTransfer(r, request.lang)) };
    },
  );

  app.post(
    '/me/transfers',
    {
      config: { access: { self: true } },
      schema: { summary: 'Request my transfer', body: Type.Omit(Start, ['memberId', 'requestedOn']), response: { 201: TransferOut, ...ok } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const m = await activeMemberOfPerson(db, await personOf(db, actor));
      const row = await startTransfer(db, actor, { ...request.body, memberId: m.id }, { self: true, today: chinaToday() });
      return reply.code(201).send(await present(row.id, request.lang));
    },
  );

  app.post(
    '/me/transfers/:transfer/cancel',
    {
      config: { access: { self: true } },
      schema: {
        summary: 'Cancel my transfer request',
        params: Type.Object({ transfer: Type.String({ format: 'uuid' }) }),
        response: { 200: TransferOut, ...ok },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const m = await activeMemberOfPerson(db, await personOf(db, actor));
      await cancelOwnTransfer(db, actor, m.id, request.params.transfer, chinaToday());
      return present(request.params.transfer, request.lang);
    },
  );
};
