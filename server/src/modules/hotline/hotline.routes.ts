import { type Static, type TObject, type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { listScope } from '../../platform/access/scope.ts';
import { sendList } from '../../platform/excel/excel.ts';
import { actorOf, DateString, errorResponses, IdParam, Nullable, PageQuery } from '../../platform/http.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import type { Pii } from '../../platform/pii.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { history } from '../../platform/workflow/workflow.ts';
import { agencyLabels, channelLabels, outcomeLabels, riskLabels } from './hotline.labels.ts';
import { type CaseOut, caseDetail, caseFilter, caseSorts, listCases, loadCase, presentCase, supervisorsOf } from './hotline.queries.ts';
import { categoriesSetting, CategoriesSchema } from './hotline.rules.ts';
import { caseChannels, caseOutcomes, caseStatuses, hotlineCase, referralAgencies, riskLevels } from './hotline.schema.ts';
import {
  addNote,
  assignCase,
  callerFull,
  closeCase,
  confirmReferral,
  createCase,
  escalateCase,
  isHandler,
  pauseCase,
  readNotes,
  recordSession,
  referCase,
  reissueSurveyLink,
  resumeCase,
  setSafetyPlan,
  transferCase,
} from './hotline.service.ts';
import { counsellorsFor } from './hotline.roster.ts';
import { caseWorkflow } from './hotline.workflow.ts';

const Text = (max: number) => Type.String({ maxLength: max });
export const CaseOutSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  orgId: Type.Integer(),
  orgName: Nullable(Type.String()),
  channel: Type.Enum(caseChannels),
  category: Type.String(),
  subcategory: Nullable(Type.String()),
  risk: Type.Enum(riskLevels),
  status: Type.Enum(caseStatuses),
  anonymous: Type.Boolean(),
  callerName: Nullable(Type.String({ description: 'masked' })),
  callerPhone: Nullable(Type.String({ description: 'masked' })),
  callerMinor: Type.Boolean(),
  callerAge: Nullable(Type.Integer()),
  callerGender: Nullable(Type.String()),
  summary: Type.String(),
  receivedAt: Type.String(),
  firstResponseAt: Nullable(Type.String()),
  firstResponseDueAt: Type.String(),
  resolutionDueAt: Type.String(),
  pausedAt: Nullable(Type.String()),
  breached: Type.Boolean(),
  counsellorId: Nullable(Type.String()),
  supervisorId: Nullable(Type.String()),
  escalatedAt: Nullable(Type.String()),
  escalationReason: Nullable(Type.String()),
  safetyPlan: Nullable(Type.String()),
  followUpDueAt: Nullable(Type.String()),
  followedUpAt: Nullable(Type.String()),
  outcome: Nullable(Type.Enum(caseOutcomes)),
  closedAt: Nullable(Type.String()),
  closingSummary: Nullable(Type.String()),
  resolutionMet: Nullable(Type.Boolean()),
  satisfaction: Nullable(Type.Integer()),
  satisfactionAt: Nullable(Type.String()),
});
const SessionOut = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('session'), Type.Literal('follow_up')]),
  heldAt: Type.String(),
  minutes: Type.Integer(),
  form: Type.String(),
  summary: Type.String(),
  counsellorId: Nullable(Type.String()),
});
const ReferralOut = Type.Object({
  id: Type.String(),
  agency: Type.Enum(referralAgencies),
  receivingParty: Type.String(),
  referredOn: Type.String(),
  receipt: Nullable(Type.String()),
  status: Type.String(),
  confirmedOn: Nullable(Type.String()),
  confirmation: Nullable(Type.String()),
});
const StepOut = Type.Object({
  action: Type.String(),
  fromState: Nullable(Type.String()),
  toState: Type.String(),
  actorUsername: Nullable(Type.String()),
  at: Type.String(),
  comment: Nullable(Type.String()),
});
const NoteOut = Type.Object({ id: Type.String(), body: Type.String(), authorName: Nullable(Type.String()), createdAt: Type.String() });
const Filter = {
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(Type.Enum(caseStatuses)),
  channel: Type.Optional(Type.Enum(caseChannels)),
  category: Type.Optional(Text(20)),
  risk: Type.Optional(Type.Enum(riskLevels)),
  breached: Type.Optional(Type.Boolean()),
  q: Type.Optional(Text(50)),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
};
const Time = Type.String({ format: 'date-time', maxLength: 40 });
const withProblems = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };
const CaseIn = Type.Object({
  orgId: Type.Integer({ minimum: 1 }),
  channel: Type.Enum(caseChannels),
  category: Type.String({ minLength: 1, maxLength: 20 }),
  subcategory: Type.Optional(Nullable(Text(30))),
  risk: Type.Enum(riskLevels),
  anonymous: Type.Boolean(),
  callerName: Type.Optional(Nullable(Text(50))),
  callerPhone: Type.Optional(Nullable(Text(20))),
  callerMinor: Type.Optional(Type.Boolean()),
  callerAge: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 120 }))),
  callerGender: Type.Optional(Nullable(Type.Union([Type.Literal('M'), Type.Literal('F')]))),
  summary: Type.String({ minLength: 1, maxLength: 2000 }),
  receivedAt: Type.Optional(Time),
  submissionKey: Type.Optional(Nullable(Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }))),
});
const CaseAccess = (permission: 'service.read' | 'service.write') => ({ access: { permission, entity: 'hotlineCase' } });

const exportColumns = [
  { key: 'number', header: { 'zh-CN': '个案编号', 'en-US': 'Case number' }, width: 20 },
  { key: 'orgName', header: { 'zh-CN': '承办组织', 'en-US': 'Org' }, width: 26 },
  { key: 'receivedAt', header: { 'zh-CN': '受理时间', 'en-US': 'Received' }, width: 18 },
  { key: 'channel', header: { 'zh-CN': '渠道', 'en-US': 'Channel' }, width: 12 },
  { key: 'category', header: { 'zh-CN': '类别', 'en-US': 'Category' }, width: 10 },
  { key: 'subcategory', header: { 'zh-CN': '子类', 'en-US': 'Sub-category' }, width: 12 },
  { key: 'risk', header: { 'zh-CN': '风险', 'en-US': 'Risk' }, width: 8 },
  { key: 'callerName', header: { 'zh-CN': '来电人（脱敏）', 'en-US': 'Caller (masked)' }, width: 12 },
  { key: 'callerPhone', header: { 'zh-CN': '电话（脱敏）', 'en-US': 'Phone (masked)' }, width: 14 },
  { key: 'minor', header: { 'zh-CN': '未成年', 'en-US': 'Minor' }, width: 8 },
  { key: 'status', header: { 'zh-CN': '状态', 'en-US': 'Status' }, width: 12 },
  { key: 'breached', header: { 'zh-CN': '超时', 'en-US': 'Breached' }, width: 8 },
  { key: 'outcome', header: { 'zh-CN': '结案结果', 'en-US': 'Outcome' }, width: 14 },
  { key: 'closedAt', header: { 'zh-CN': '结案时间', 'en-US': 'Closed' }, width: 18 },
  { key: 'satisfaction', header: { 'zh-CN': '满意度', 'en-US': 'Satisfaction' }, width: 8 },
];
const localTime = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

async function detailOf(db: Db, id: string, now = new Date()) {
  const loaded = await loadCase(db, id);
  if (!loaded) throw new Error('checked by the access hook');
  const [more, steps] = await Promise.all([caseDetail(db, id), history(db, caseWorkflow, id)]);
  return {
    case: presentCase(loaded.c, loaded.orgName, now),
    sessions: more.sessions,
    referrals: more.referrals,
    history: steps.map((s) => ({
      action: s.action,
      fromState: s.fromState,
      toState: s.toState,
      actorUsername: s.actorUsername,
      at: s.at.toISOString(),
      comment: s.comment,
    })),
  };
}
const DetailOut = Type.Object({ case: CaseOutSchema, sessions: Type.Array(SessionOut), referrals: Type.Array(ReferralOut), history: Type.Array(StepOut) });

export async function hotlineRoutes(fastify: FastifyInstance, opts: { db: Db; pii: Pii }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, pii } = opts;

  app.get(
    '/hotline/cases',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'List 12355 cases in scope',
        description: 'Callers masked; no case notes. breached=true lists the SLA breaches.',
        querystring: Type.Object({ ...PageQuery, ...Filter, sort: Type.Optional(Type.Enum(caseSorts)) }),
        response: { 200: Type.Object({ items: Type.Array(CaseOutSchema), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => listCases(db, actorOf(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/hotline/cases/export',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'Export 12355 cases to Excel',
        description: 'Without notes or summaries; callers masked.',
        querystring: Type.Object(Filter),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (request, reply) => {
      const now = new Date();
      const conds = await caseFilter(db, actorOf(request), request.query, now);
      const rows = await db
        .select({ c: hotlineCase, orgName: org.name })
        .from(hotlineCase)
        .innerJoin(org, eq(org.id, hotlineCase.orgId))
        .where(and(...conds))
        .orderBy(desc(hotlineCase.receivedAt))
        .limit(100_000);
      const lang = request.lang;
      const yes = lang === 'zh-CN' ? '是' : 'yes';
      return sendList(reply, lang, {
        sheet: { 'zh-CN': '12355个案', 'en-US': '12355 cases' },
        fileName: '12355个案.xlsx',
        columns: exportColumns,
        rows: rows.map(({ c, orgName }) => {
          const p: CaseOut = presentCase(c, orgName, now);
          return {
            number: p.number,
            orgName,
            receivedAt: localTime(p.receivedAt),
            channel: channelLabels[p.channel][lang],
            category: p.category,
            subcategory: p.subcategory ?? '',
            risk: riskLabels[p.risk][lang],
            callerName: p.anonymous ? (lang === 'zh-CN' ? '匿名' : 'anonymous') : (p.callerName ?? ''),
            callerPhone: p.callerPhone ?? '',
            minor: p.callerMinor ? yes : '',
            status: caseWorkflow.states[p.status][lang],
            breached: p.breached ? yes : '',
            outcome: p.outcome ? outcomeLabels[p.outcome][lang] : '',
            closedAt: localTime(p.closedAt),
            satisfaction: p.satisfaction ?? '',
          };
        }),
      });
    },
  );

  app.post(
    '/hotline/cases',
    {
      config: { access: { permission: 'service.write' } },
      schema: {
        summary: 'Take in a 12355 case',
        description: 'A repeated submissionKey answers 200 with the first case (double submits add nothing).',
        body: CaseIn,
        response: { 200: CaseOutSchema, 201: CaseOutSchema, ...withProblems },
      },
    },
    async (request, reply) => {
      const { row, created } = await createCase(db, pii, actorOf(request), request.body);
      const loaded = await loadCase(db, row.id);
      return reply.code(created ? 201 : 200).send(presentCase(row, loaded?.orgName ?? null));
    },
  );

  app.get(
    '/hotline/cases/:id',
    { config: CaseAccess('service.read'), schema: { summary: 'Get a 12355 case', params: IdParam, response: { 200: DetailOut, ...errorResponses } } },
    async (request) => detailOf(db, request.params.id),
  );

  app.get(
    '/hotline/cases/:id/caller',
    {
      config: CaseAccess('service.read'),
      schema: {
        summary: "Show a case's caller in full (audited)",
        description: 'Handlers of the case and supervisors only; each view is audited.',
        params: IdParam,
        response: { 200: Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => callerFull(db, pii, actorOf(request), request.params.id),
  );

  app.get(
    '/hotline/cases/:id/notes',
    {
      config: CaseAccess('service.read'),
      schema: {
        summary: "Read a case's sealed notes (audited)",
        description: 'Handlers of the case and supervisors (service.supervise over its org) only; others in scope get 403. Every read is audited.',
        params: IdParam,
        response: { 200: Type.Object({ items: Type.Array(NoteOut) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await readNotes(db, pii, actorOf(request), request.params.id) }),
  );

  app.post(
    '/hotline/cases/:id/notes',
    {
      config: CaseAccess('service.write'),
      schema: {
        summary: 'Add a sealed note to a case',
        params: IdParam,
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 5000 }) }),
        response: { 201: NoteOut, ...withProblems },
      },
    },
    async (request, reply) => reply.code(201).send(await addNote(db, pii, actorOf(request), request.params.id, request.body.text)),
  );

  app.get(
    '/hotline/cases/:id/options',
    {
      config: CaseAccess('service.read'),
      schema: {
        summary: 'Counsellors and supervisors a case may go to',
        params: IdParam,
        response: {
          200: Type.Object({
            counsellors: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                kind: Type.String(),
                orgName: Nullable(Type.String()),
                categories: Type.Array(Type.String()),
              }),
            ),
            supervisors: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String(), orgName: Type.String() })),
            handler: Type.Boolean({ description: 'the caller may read the sealed notes and the caller in full' }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const loaded = await loadCase(db, request.params.id);
      if (!loaded) throw new Error('checked by the access hook');
      const [cs, sups] = await Promise.all([counsellorsFor(db, loaded.path), supervisorsOf(db, loaded.path)]);
      return {
        counsellors: cs.map((c) => ({ id: c.id, name: c.name, kind: c.kind, orgName: c.orgName, categories: c.categories })),
        supervisors: sups.map((s) => ({ id: s.id, displayName: s.displayName, orgName: s.orgName })),
        handler: isHandler(actorOf(request), loaded),
      };
    },
  );

  const action = <B extends TObject>(
    path: string,
    summary: string,
    body: B,
    run: (id: string, body: Static<B>, actor: ReturnType<typeof actorOf>) => Promise<unknown>,
  ) =>
    app.post(
      `/hotline/cases/:id/${path}`,
      { config: CaseAccess('service.write'), schema: { summary, params: IdParam, body, response: { 200: DetailOut, ...withProblems } } },
      async (request) => {
        await run(request.params.id, request.body as Static<B>, actorOf(request));
        return detailOf(db, request.params.id);
      },
    );

  action('assign', 'Assign a case to a counsellor', Type.Object({ counsellorId: Type.String({ format: 'uuid' }) }), (id, b, actor) =>
    assignCase(db, actor, id, b.counsellorId),
  );
  action(
    'transfer',
    'Transfer a case to another committee',
    Type.Object({ orgId: Type.Integer({ minimum: 1 }), reason: Type.String({ minLength: 1, maxLength: 500 }) }),
    (id, b, actor) => transferCase(db, actor, id, b),
  );
  action(
    'referrals',
    'Refer a case out to another agency',
    Type.Object({
      agency: Type.Enum(referralAgencies),
      receivingParty: Type.String({ minLength: 1, maxLength: 100 }),
      referredOn: DateString,
      receipt: Type.Optional(Nullable(Text(100))),
    }),
    (id, b, actor) => referCase(db, actor, id, b),
  );
  action(
    'escalate',
    'Escalate a case to a named supervisor',
    Type.Object({
      supervisorId: Type.String({ format: 'uuid' }),
      reason: Type.String({ minLength: 1, maxLength: 1000 }),
      safetyPlan: Type.Optional(Nullable(Text(4000))),
    }),
    (id, b, actor) => escalateCase(db, actor, id, b),
  );
  action('safety-plan', "Set a case's safety plan", Type.Object({ safetyPlan: Type.String({ minLength: 1, maxLength: 4000 }) }), (id, b, actor) =>
    setSafetyPlan(db, actor, id, b.safetyPlan),
  );
  action(
    'sessions',
    'Record a session or follow-up of a case',
    Type.Object({
      kind: Type.Union([Type.Literal('session'), Type.Literal('follow_up')]),
      heldAt: Time,
      minutes: Type.Integer({ minimum: 1, maximum: 600 }),
      form: Type.Union([Type.Literal('phone'), Type.Literal('face'), Type.Literal('online'), Type.Literal('visit')]),
      summary: Type.String({ minLength: 1, maxLength: 2000 }),
      counsellorId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    }),
    (id, b, actor) => recordSession(db, actor, id, b),
  );
  action('pause', 'Pause the SLA clock while waiting on the caller', Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }), (id, b, actor) =>
    pauseCase(db, actor, id, b.reason),
  );
  action('resume', 'Resume the SLA clock', Type.Object({}), (id, _b, actor) => resumeCase(db, actor, id));

  app.post(
    '/hotline/cases/:id/referrals/:referralId/confirm',
    {
      config: { access: { permission: 'service.write', entities: { id: 'hotlineCase', referralId: 'hotlineReferral' } } },
      schema: {
        summary: 'Confirm a referral (the receiving party took the case)',
        params: Type.Object({ id: Type.String(), referralId: Type.String() }),
        body: Type.Object({ confirmedOn: DateString, receipt: Type.Optional(Nullable(Text(100))), confirmation: Type.Optional(Nullable(Text(1000))) }),
        response: { 200: DetailOut, ...withProblems },
      },
    },
    async (request) => {
      await confirmReferral(db, actorOf(request), request.params.id, request.params.referralId, request.body);
      return detailOf(db, request.params.id);
    },
  );

  app.post(
    '/hotline/cases/:id/close',
    {
      config: CaseAccess('service.write'),
      schema: {
        summary: 'Close a case',
        description:
          'High and critical risk need an escalation to a named supervisor, a safety plan and a follow-up; a pending referral keeps the case open. Answers the one-time satisfaction link (shown once).',
        params: IdParam,
        body: Type.Object({ outcome: Type.Enum(caseOutcomes), summary: Type.String({ minLength: 1, maxLength: 2000 }) }),
        response: { 200: Type.Object({ case: CaseOutSchema, surveyToken: Type.String() }), ...withProblems },
      },
    },
    async (request) => {
      const { row, surveyToken } = await closeCase(db, actorOf(request), request.params.id, request.body);
      const loaded = await loadCase(db, row.id);
      return { case: presentCase(row, loaded?.orgName ?? null), surveyToken };
    },
  );

  app.post(
    '/hotline/cases/:id/survey-link',
    {
      config: CaseAccess('service.write'),
      schema: {
        summary: 'Issue a new satisfaction link for a closed case',
        params: IdParam,
        response: { 200: Type.Object({ surveyToken: Type.String() }), ...withProblems },
      },
    },
    async (request) => reissueSurveyLink(db, actorOf(request), request.params.id),
  );

  app.get(
    '/hotline/categories',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: '12355 categories in force',
        querystring: Type.Object({ orgId: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: {
          200: Type.Object({ categories: CategoriesSchema, agencies: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const scope = await listScope(db, actorOf(request), 'service.read', request.query.orgId);
      const path = scope.org?.path ?? scope.roots[0];
      const categories = path ? await getSetting(db, path, categoriesSetting) : categoriesSetting.default;
      return { categories, agencies: referralAgencies.map((k) => ({ key: k, label: agencyLabels[k][request.lang] })) };
    },
  );
}
