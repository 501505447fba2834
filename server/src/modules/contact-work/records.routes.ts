import { type TSchema, type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { listScope } from '../../platform/access/scope.ts';
import { chinaToday as today } from '../../platform/dates.ts';
import { sendList, xlsxType } from '../../platform/excel/excel.ts';
import { errors, type Lang } from '../../platform/errors.ts';
import { actorOf, afterId, DateString, errorResponses, Nullable, nextIdCursor, PageQuery } from '../../platform/http.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { history } from '../../platform/workflow/workflow.ts';
import {
  pairingKindLabels,
  pairingKinds,
  pairingStatusLabels,
  proposalActions,
  proposalChannelLabels,
  proposalChannels,
  proposalStates,
  proposalWorkflow,
  type PairingKind,
  type ProposalChannel,
  type ProposalState,
} from './contact-work.rules.ts';
import { cwFile, cwPairing, cwProposal, cwReport } from './contact-work.schema.ts';
import { uploadedFile } from './files.ts';
import { listPairings, listProposals, listReports, listVisits, pairingActivities, reportFiles } from './records.queries.ts';
import {
  addReportFile,
  createPairing,
  endPairing,
  logPairingActivity,
  proposalStep,
  recordReport,
  recordVisit,
  submitProposal,
  voidReport,
  voidVisit,
  type PairingRow,
  type ProposalRow,
  type ReportRow,
  type VisitRow,
} from './records.service.ts';

const Id = Type.Object({ id: Type.String() });
const writes = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };
const Opt = Type.Object({ value: Type.String(), label: Type.String() });
const Period = {
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  q: Type.Optional(Type.String({ maxLength: 50 })),
};
const Void = Type.Object({ reason: Type.String({ maxLength: 500 }) });

const VisitOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.Optional(Type.String()),
  visitedOn: Type.String(),
  visitors: Type.String(),
  topic: Type.String(),
  note: Nullable(Type.String()),
  status: Type.String(),
});
const FileOut = Type.Object({ id: Type.String(), fileName: Type.String(), contentType: Type.String(), size: Type.Integer() });
const ReportOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.Optional(Type.String()),
  title: Type.String(),
  authors: Type.String(),
  writtenOn: Type.String(),
  summary: Nullable(Type.String()),
  status: Type.String(),
  fileCount: Type.Optional(Type.Integer()),
  files: Type.Optional(Type.Array(FileOut)),
});
const ProposalOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.Optional(Type.String()),
  channel: Type.String(),
  channelLabel: Type.String(),
  title: Type.String(),
  content: Nullable(Type.String()),
  proposer: Type.String(),
  session: Nullable(Type.String()),
  submittedOn: Type.String(),
  state: Type.String(),
  stateLabel: Type.String(),
  decidedOn: Nullable(Type.String()),
  answer: Nullable(Type.String()),
  answeredOn: Nullable(Type.String()),
  actions: Type.Array(Opt),
});
const PairingOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.Optional(Type.String()),
  kind: Type.String(),
  kindLabel: Type.String(),
  sideA: Type.String(),
  sideAOrgId: Nullable(Type.Integer()),
  sideB: Type.String(),
  sideBOrgId: Nullable(Type.Integer()),
  theme: Nullable(Type.String()),
  startedOn: Type.String(),
  endedOn: Nullable(Type.String()),
  endReason: Nullable(Type.String()),
  status: Type.String(),
  statusLabel: Type.String(),
  activityCount: Type.Optional(Type.Integer()),
});
const ActivityOut = Type.Object({ id: Type.String(), heldOn: Type.String(), title: Type.String(), note: Nullable(Type.String()) });

const presentVisit = (v: VisitRow, orgName?: string) => ({
  id: v.id,
  orgId: v.orgId,
  orgName,
  visitedOn: v.visitedOn,
  visitors: v.visitors,
  topic: v.topic,
  note: v.note,
  status: v.status,
});
const presentReport = (r: ReportRow, extra: { orgName?: string; fileCount?: number } = {}) => ({
  id: r.id,
  orgId: r.orgId,
  title: r.title,
  authors: r.authors,
  writtenOn: r.writtenOn,
  summary: r.summary,
  status: r.status,
  ...extra,
});
function presentProposal(p: ProposalRow, lang: Lang, orgName?: string) {
  const state = p.state as ProposalState;
  return {
    id: p.id,
    orgId: p.orgId,
    orgName,
    channel: p.channel,
    channelLabel: proposalChannelLabels[p.channel as ProposalChannel]?.[lang] ?? p.channel,
    title: p.title,
    content: p.content,
    proposer: p.proposer,
    session: p.session,
    submittedOn: p.submittedOn,
    state: p.state,
    stateLabel: proposalWorkflow.states[state]?.[lang] ?? p.state,
    decidedOn: p.decidedOn,
    answer: p.answer,
    answeredOn: p.answeredOn,
    actions: Object.entries(proposalWorkflow.transitions)
      .filter(([a, t]) => a !== 'submit' && (t.from as readonly (string | null)[]).includes(state))
      .map(([value, t]) => ({ value, label: t.label[lang] })),
  };
}
function presentPairing(p: PairingRow, lang: Lang, extra: { orgName?: string; activityCount?: number } = {}) {
  return {
    id: p.id,
    orgId: p.orgId,
    kind: p.kind,
    kindLabel: pairingKindLabels[p.kind as PairingKind]?.[lang] ?? p.kind,
    sideA: p.sideA,
    sideAOrgId: p.sideAOrgId,
    sideB: p.sideB,
    sideBOrgId: p.sideBOrgId,
    theme: p.theme,
    startedOn: p.startedOn,
    endedOn: p.endedOn,
    endReason: p.endReason,
    status: p.status,
    statusLabel: pairingStatusLabels[p.status][lang],
    ...extra,
  };
}

const listOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

export async function recordsRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  // 下沉走访 ------------------------------------------------------------------------------------
  const VisitFilter = { ...Period, status: Type.Optional(Type.Enum(['recorded', 'void'])) };
  app.get(
    '/contact-work/visits',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'List visits to grassroots orgs',
        querystring: Type.Object({ ...PageQuery, ...VisitFilter }),
        response: { 200: listOf(VisitOut), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const scope = await listScope(db, actorOf(request), 'service.read', q.orgId);
      const rows = await listVisits(db, { ...q, scope, after: afterId(q.cursor), limit });
      const page = rows.slice(0, limit);
      return { items: page.map((r) => presentVisit(r.v, r.orgName)), nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.v.id) };
    },
  );
  app.get(
    '/contact-work/visits/export',
    {
      config: { access: { permission: 'service.read' } },
      schema: { summary: 'Export visits to Excel', querystring: Type.Object(VisitFilter), produces: [xlsxType] },
    },
    async (request, reply) => {
      const q = request.query;
      const scope = await listScope(db, actorOf(request), 'service.read', q.orgId);
      const rows = (await listVisits(db, { ...q, scope, after: null, limit: 50_000 })).slice(0, 50_000);
      return sendList(reply, request.lang, {
        sheet: { 'zh-CN': '下沉走访', 'en-US': 'Visits' },
        fileName: `下沉走访-${today()}.xlsx`,
        rows: rows.map((r) => presentVisit(r.v, r.orgName)),
        columns: [
          { key: 'visitedOn', header: { 'zh-CN': '走访日期', 'en-US': 'Date' }, width: 12 },
          { key: 'orgName', header: { 'zh-CN': '走访组织', 'en-US': 'Org visited' }, width: 28 },
          { key: 'visitors', header: { 'zh-CN': '走访人员', 'en-US': 'Visitors' }, width: 20 },
          { key: 'topic', header: { 'zh-CN': '主题', 'en-US': 'Topic' }, width: 30 },
          { key: 'note', header: { 'zh-CN': '走访情况', 'en-US': 'Notes' }, width: 50 },
        ],
      });
    },
  );
  app.post(
    '/contact-work/visits',
    {
      config: { access: { permission: 'service.write' } },
      schema: {
        summary: 'Record a visit to a grassroots org',
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          visitedOn: DateString,
          visitors: Type.String({ maxLength: 200 }),
          topic: Type.String({ maxLength: 200 }),
          note: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
        }),
        response: { 201: VisitOut, ...writes },
      },
    },
    async (request, reply) => reply.code(201).send(presentVisit(await recordVisit(db, actorOf(request), request.body, today()))),
  );
  app.post(
    '/contact-work/visits/:id/void',
    {
      config: { access: { permission: 'service.write', entity: 'cwVisit' } },
      schema: { summary: 'Void a visit record', params: Id, body: Void, response: { 200: VisitOut, ...writes } },
    },
    async (request) => presentVisit(await voidVisit(db, actorOf(request), request.params.id, request.body.reason)),
  );

  // 调研报告 ------------------------------------------------------------------------------------
  const ReportFilter = { ...Period, status: Type.Optional(Type.Enum(['recorded', 'void'])) };
  app.get(
    '/contact-work/reports',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'List research reports',
        querystring: Type.Object({ ...PageQuery, ...ReportFilter }),
        response: { 200: listOf(ReportOut), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const scope = await listScope(db, actorOf(request), 'service.read', q.orgId);
      const rows = await listReports(db, { ...q, scope, after: afterId(q.cursor), limit });
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => presentReport(r.r, { orgName: r.orgName, fileCount: r.files })),
        nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.r.id),
      };
    },
  );
  app.get(
    '/contact-work/reports/export',
    {
      config: { access: { permission: 'service.read' } },
      schema: { summary: 'Export research reports to Excel', querystring: Type.Object(ReportFilter), produces: [xlsxType] },
    },
    async (request, reply) => {
      const q = request.query;
      const scope = await listScope(db, actorOf(request), 'service.read', q.orgId);
      const rows = (await listReports(db, { ...q, scope, after: null, limit: 20_000 })).slice(0, 20_000);
      return sendList(reply, request.lang, {
        sheet: { 'zh-CN': '调研报告', 'en-US': 'Reports' },
        fileName: `调研报告-${today()}.xlsx`,
        rows: rows.map((r) => presentReport(r.r, { orgName: r.orgName, fileCount: r.files })),
        columns: [
          { key: 'writtenOn', header: { 'zh-CN': '成文日期', 'en-US': 'Written on' }, width: 12 },
          { key: 'orgName', header: { 'zh-CN': '团组织', 'en-US': 'Org' }, width: 28 },
          { key: 'title', header: { 'zh-CN': '标题', 'en-US': 'Title' }, width: 36 },
          { key: 'authors', header: { 'zh-CN': '作者', 'en-US': 'Authors' }, width: 16 },
          { key: 'summary', header: { 'zh-CN': '摘要', 'en-US': 'Summary' }, width: 50 },
          { key: 'fileCount', header: { 'zh-CN': '附件', 'en-US': 'Files' }, width: 8 },
        ],
      });
    },
  );
  app.post(
    '/contact-work/reports',
    {
      config: { access: { permission: 'service.write' } },
      schema: {
        summary: 'Record a research report',
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          title: Type.String({ maxLength: 200 }),
          authors: Type.String({ maxLength: 200 }),
          writtenOn: DateString,
          summary: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
        }),
        response: { 201: ReportOut, ...writes },
      },
    },
    async (request, reply) => reply.code(201).send(presentReport(await recordReport(db, actorOf(request), request.body, today()))),
  );
  app.get(
    '/contact-work/reports/:id',
    {
      config: { access: { permission: 'service.read', entity: 'cwReport' } },
      schema: { summary: 'Get a research report with its files', params: Id, response: { 200: ReportOut, ...errorResponses } },
    },
    async (request) => {
      const [r] = await db
        .select({ r: cwReport, orgName: org.name })
        .from(cwReport)
        .innerJoin(org, eq(org.id, cwReport.orgId))
        .where(eq(cwReport.id, request.params.id));
      if (!r) throw errors.notFound('cwReport');
      const files = await reportFiles(db, r.r.id);
      return { ...presentReport(r.r, { orgName: r.orgName, fileCount: files.length }), files };
    },
  );
  app.post(
    '/contact-work/reports/:id/void',
    {
      config: { access: { permission: 'service.write', entity: 'cwReport' } },
      schema: { summary: 'Void a research report', params: Id, body: Void, response: { 200: ReportOut, ...writes } },
    },
    async (request) => presentReport(await voidReport(db, actorOf(request), request.params.id, request.body.reason)),
  );
  app.post(
    '/contact-work/reports/:id/files',
    {
      config: { access: { permission: 'service.write', entity: 'cwReport' } },
      schema: {
        summary: 'Attach a file to a research report',
        description: 'PDF, PNG, JPEG or Word (.docx) up to 10 MB, at most 10 a report; the stream stops at the limit (413).',
        params: Id,
        consumes: ['multipart/form-data'],
        response: { 201: FileOut, ...writes, 413: Type.Ref('Problem') },
      },
    },
    async (request, reply) => reply.code(201).send(await addReportFile(db, actorOf(request), request.params.id, await uploadedFile(request))),
  );
  app.get(
    '/contact-work/files/:id',
    {
      config: { access: { permission: 'service.read', entity: 'cwFile' } },
      schema: { summary: 'Download a research report file', params: Id, produces: ['application/octet-stream'] },
    },
    async (request, reply) => {
      const [f] = await db.select().from(cwFile).where(eq(cwFile.id, request.params.id));
      if (!f) throw errors.notFound('cwFile');
      // Served as a download with a fixed type, so a stored file can never run in the console's origin.
      return reply
        .header('content-type', f.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(f.data);
    },
  );

  // 议案/提案 -----------------------------------------------------------------------------------
  const ProposalFilter = { ...Period, channel: Type.Optional(Type.Enum(proposalChannels)), state: Type.Optional(Type.Enum(proposalStates)) };
  app.get(
    '/contact-work/proposals/meta',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'Get proposal channels and states',
        response: { 200: Type.Object({ channels: Type.Array(Opt), states: Type.Array(Opt) }), ...errorResponses },
      },
    },
    async (request) => ({
      channels: proposalChannels.map((value) => ({ value, label: proposalChannelLabels[value][request.lang] })),
      states: proposalStates.map((value) => ({ value, label: proposalWorkflow.states[value][request.lang] })),
    }),
  );
  app.get(
    '/contact-work/proposals',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'List proposals',
        querystring: Type.Object({ ...PageQuery, ...ProposalFilter }),
        response: { 200: listOf(ProposalOut), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const scope = await listScope(db, actorOf(request), 'service.read', q.orgId);
      const rows = await listProposals(db, { ...q, scope, after: afterId(q.cursor), limit });
      const page = rows.slice(0, limit);
      return { items: page.map((r) => presentProposal(r.p, request.lang, r.orgName)), nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.p.id) };
    },
  );
  app.get(
    '/contact-work/proposals/export',
    {
      config: { access: { permission: 'service.read' } },
      schema: { summary: 'Export proposals to Excel', querystring: Type.Object(ProposalFilter), produces: [xlsxType] },
    },
    async (request, reply) => {
      const q = request.query;
      const scope = await listScope(db, actorOf(request), 'service.read', q.orgId);
      const rows = (await listProposals(db, { ...q, scope, after: null, limit: 20_000 })).slice(0, 20_000);
      return sendList(reply, request.lang, {
        sheet: { 'zh-CN': '议案提案', 'en-US': 'Proposals' },
        fileName: `议案提案-${today()}.xlsx`,
        rows: rows.map((r) => presentProposal(r.p, request.lang, r.orgName)),
        columns: [
          { key: 'submittedOn', header: { 'zh-CN': '提交日期', 'en-US': 'Submitted' }, width: 12 },
          { key: 'orgName', header: { 'zh-CN': '团组织', 'en-US': 'Org' }, width: 28 },
          { key: 'channelLabel', header: { 'zh-CN': '渠道', 'en-US': 'Channel' }, width: 12 },
          { key: 'proposer', header: { 'zh-CN': '提交人', 'en-US': 'Proposer' }, width: 12 },
          { key: 'session', header: { 'zh-CN': '会议届次', 'en-US': 'Session' }, width: 16 },
          { key: 'title', header: { 'zh-CN': '标题', 'en-US': 'Title' }, width: 36 },
          { key: 'stateLabel', header: { 'zh-CN': '状态', 'en-US': 'State' }, width: 10 },
          { key: 'answeredOn', header: { 'zh-CN': '答复日期', 'en-US': 'Answered' }, width: 12 },
          { key: 'answer', header: { 'zh-CN': '答复内容', 'en-US': 'Answer' }, width: 50 },
        ],
      });
    },
  );
  app.post(
    '/contact-work/proposals',
    {
      config: { access: { permission: 'service.write' } },
      schema: {
        summary: 'Record a submitted proposal',
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          channel: Type.Enum(proposalChannels),
          title: Type.String({ maxLength: 200 }),
          content: Type.Optional(Nullable(Type.String({ maxLength: 10000 }))),
          proposer: Type.String({ maxLength: 100 }),
          session: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
          submittedOn: DateString,
        }),
        response: { 201: ProposalOut, ...writes },
      },
    },
    async (request, reply) => reply.code(201).send(presentProposal(await submitProposal(db, actorOf(request), request.body, today()), request.lang)),
  );
  app.get(
    '/contact-work/proposals/:id',
    {
      config: { access: { permission: 'service.read', entity: 'cwProposal' } },
      schema: {
        summary: 'Get a proposal with its steps',
        params: Id,
        response: {
          200: Type.Object({
            proposal: ProposalOut,
            history: Type.Array(
              Type.Object({ action: Type.String(), toState: Type.String(), occurredOn: Nullable(Type.String()), comment: Nullable(Type.String()) }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const [r] = await db
        .select({ p: cwProposal, orgName: org.name })
        .from(cwProposal)
        .innerJoin(org, eq(org.id, cwProposal.orgId))
        .where(eq(cwProposal.id, request.params.id));
      if (!r) throw errors.notFound('cwProposal');
      const steps = await history(db, proposalWorkflow, r.p.id);
      return {
        proposal: presentProposal(r.p, request.lang, r.orgName),
        history: steps.map((h) => ({ action: h.action, toState: h.toState, occurredOn: h.occurredOn, comment: h.comment })),
      };
    },
  );
  app.post(
    '/contact-work/proposals/:id/steps',
    {
      config: { access: { permission: 'service.write', entity: 'cwProposal' } },
      schema: {
        summary: 'Move a proposal one step',
        description: 'accept (立案), reject (不予立案), answer (答复, with the answer), withdraw; dated (on) no earlier than the step before.',
        params: Id,
        body: Type.Object({
          action: Type.Enum(proposalActions.filter((a) => a !== 'submit')),
          on: DateString,
          answer: Type.Optional(Nullable(Type.String({ maxLength: 10000 }))),
          comment: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
        }),
        response: { 200: ProposalOut, ...writes },
      },
    },
    async (request) => presentProposal(await proposalStep(db, actorOf(request), request.params.id, request.body, today()), request.lang),
  );

  // 手拉手 结对 ---------------------------------------------------------------------------------
  const PairingFilter = { ...Period, kind: Type.Optional(Type.Enum(pairingKinds)), status: Type.Optional(Type.Enum(['active', 'ended'])) };
  app.get(
    '/contact-work/pairings',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'List pairings',
        querystring: Type.Object({ ...PageQuery, ...PairingFilter }),
        response: { 200: listOf(PairingOut), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const scope = await listScope(db, actorOf(request), 'service.read', q.orgId);
      const rows = await listPairings(db, { ...q, scope, after: afterId(q.cursor), limit });
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => presentPairing(r.p, request.lang, { orgName: r.orgName, activityCount: r.activities })),
        nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.p.id),
      };
    },
  );
  app.get(
    '/contact-work/pairings/export',
    {
      config: { access: { permission: 'service.read' } },
      schema: { summary: 'Export pairings to Excel', querystring: Type.Object(PairingFilter), produces: [xlsxType] },
    },
    async (request, reply) => {
      const q = request.query;
      const scope = await listScope(db, actorOf(request), 'service.read', q.orgId);
      const rows = (await listPairings(db, { ...q, scope, after: null, limit: 50_000 })).slice(0, 50_000);
      return sendList(reply, request.lang, {
        sheet: { 'zh-CN': '手拉手结对', 'en-US': 'Pairings' },
        fileName: `手拉手结对-${today()}.xlsx`,
        rows: rows.map((r) => presentPairing(r.p, request.lang, { orgName: r.orgName, activityCount: r.activities })),
        columns: [
          { key: 'orgName', header: { 'zh-CN': '团组织', 'en-US': 'Org' }, width: 28 },
          { key: 'kindLabel', header: { 'zh-CN': '类型', 'en-US': 'Kind' }, width: 14 },
          { key: 'sideA', header: { 'zh-CN': '甲方', 'en-US': 'Side A' }, width: 20 },
          { key: 'sideB', header: { 'zh-CN': '乙方', 'en-US': 'Side B' }, width: 20 },
          { key: 'theme', header: { 'zh-CN': '主题', 'en-US': 'Theme' }, width: 24 },
          { key: 'startedOn', header: { 'zh-CN': '结对日期', 'en-US': 'Started' }, width: 12 },
          { key: 'statusLabel', header: { 'zh-CN': '状态', 'en-US': 'Status' }, width: 8 },
          { key: 'activityCount', header: { 'zh-CN': '活动次数', 'en-US': 'Activities' }, width: 10 },
        ],
      });
    },
  );
  app.post(
    '/contact-work/pairings',
    {
      config: { access: { permission: 'service.write' } },
      schema: {
        summary: 'Record a pairing',
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          kind: Type.Enum(pairingKinds),
          sideA: Type.String({ maxLength: 100 }),
          sideAOrgId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
          sideB: Type.String({ maxLength: 100 }),
          sideBOrgId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
          theme: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
          startedOn: DateString,
        }),
        response: { 201: PairingOut, ...writes },
      },
    },
    async (request, reply) => reply.code(201).send(presentPairing(await createPairing(db, actorOf(request), request.body, today()), request.lang)),
  );
  app.get(
    '/contact-work/pairings/:id',
    {
      config: { access: { permission: 'service.read', entity: 'cwPairing' } },
      schema: {
        summary: 'Get a pairing with its activities',
        params: Id,
        response: { 200: Type.Object({ pairing: PairingOut, activities: Type.Array(ActivityOut) }), ...errorResponses },
      },
    },
    async (request) => {
      const [r] = await db
        .select({ p: cwPairing, orgName: org.name })
        .from(cwPairing)
        .innerJoin(org, eq(org.id, cwPairing.orgId))
        .where(eq(cwPairing.id, request.params.id));
      if (!r) throw errors.notFound('cwPairing');
      const acts = await pairingActivities(db, r.p.id);
      return {
        pairing: presentPairing(r.p, request.lang, { orgName: r.orgName, activityCount: acts.length }),
        activities: acts.map((a) => ({ id: a.id, heldOn: a.heldOn, title: a.title, note: a.note })),
      };
    },
  );
  app.post(
    '/contact-work/pairings/:id/end',
    {
      config: { access: { permission: 'service.write', entity: 'cwPairing' } },
      schema: {
        summary: 'End a pairing',
        params: Id,
        body: Type.Object({ on: DateString, reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }),
        response: { 200: PairingOut, ...writes },
      },
    },
    async (request) => presentPairing(await endPairing(db, actorOf(request), request.params.id, request.body, today()), request.lang),
  );
  app.post(
    '/contact-work/pairings/:id/activities',
    {
      config: { access: { permission: 'service.write', entity: 'cwPairing' } },
      schema: {
        summary: 'Log a pairing activity',
        params: Id,
        body: Type.Object({ heldOn: DateString, title: Type.String({ maxLength: 200 }), note: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))) }),
        response: { 201: ActivityOut, ...writes },
      },
    },
    async (request, reply) => {
      const a = await logPairingActivity(db, actorOf(request), request.params.id, request.body, today());
      return reply.code(201).send({ id: a.id, heldOn: a.heldOn, title: a.title, note: a.note });
    },
  );
}
