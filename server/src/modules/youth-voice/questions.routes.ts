import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { intPattern } from '../../platform/access/entities.ts';
import { listScope } from '../../platform/access/scope.ts';
import { sendList, xlsxType } from '../../platform/excel/excel.ts';
import { presentRun } from '../../platform/imports/imports.ts';
import { importStarted } from '../../platform/imports/imports.routes.ts';
import { actorOf, DateString, errorResponses, Nullable, PageQuery } from '../../platform/http.ts';
import type { ModuleRoutes } from '../../platform/module.ts';
import { effectiveSetting } from '../../platform/settings/settings.ts';
import {
  addOutcome,
  answerQuestion,
  findQuestion,
  listQuestions,
  outcomesOf,
  publishQuestion,
  questionConds,
  rejectQuestion,
  reviewAnswer,
  routeQuestion,
  type QuestionFilter,
} from './questions.service.ts';
import { importVisits, visitTemplate } from './visits.service.ts';
import { nextTimeIdCursor, presentOutcome, presentQuestion, QuestionOut, timeIdCursor } from './youth-voice.presenters.ts';
import { sensitiveWordsSetting } from './youth-voice.rules.ts';
import { ageBands, outcomeKinds, questionCategories, questionStatuses } from './youth-voice.schema.ts';

const Id = Type.Object({ id: Type.String() });
const writes = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };
const Filter = {
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(Type.Enum(questionStatuses)),
  category: Type.Optional(Type.Enum(questionCategories)),
  q: Type.Optional(Type.String({ maxLength: 50 })),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
};
const Sort = Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('oldest')], { default: 'newest' }));
const Page = Type.Object({ items: Type.Array(QuestionOut), nextCursor: Nullable(Type.String()) });
const Moved = Type.Object({ status: Type.Enum(questionStatuses) });
export const WishBody = Type.Object({
  wish: Type.String({ maxLength: 200 }),
  ageBand: Type.Enum(ageBands),
  area: Type.String({ maxLength: 50 }),
  child: Type.Object({
    name: Type.String({ maxLength: 30 }),
    school: Type.String({ maxLength: 100 }),
    situation: Type.String({ maxLength: 1000 }),
    guardianPhone: Type.String({ maxLength: 20 }),
  }),
});

const exportColumns = [
  { key: 'createdAt', header: { 'zh-CN': '提问时间', 'en-US': 'Asked at' }, width: 18 },
  { key: 'title', header: { 'zh-CN': '标题', 'en-US': 'Title' }, width: 30 },
  { key: 'categoryLabel', header: { 'zh-CN': '类别', 'en-US': 'Category' }, width: 10 },
  { key: 'orgName', header: { 'zh-CN': '承办组织', 'en-US': 'Org' }, width: 28 },
  { key: 'expert', header: { 'zh-CN': '专家', 'en-US': 'Expert' }, width: 12 },
  { key: 'statusLabel', header: { 'zh-CN': '状态', 'en-US': 'Status' }, width: 10 },
  { key: 'answeredAt', header: { 'zh-CN': '回答时间', 'en-US': 'Answered at' }, width: 18 },
  { key: 'publishedAt', header: { 'zh-CN': '公开时间', 'en-US': 'Published at' }, width: 18 },
  { key: 'outcomeCount', header: { 'zh-CN': '转办数', 'en-US': 'Outcomes' }, width: 8 },
];
const exportCap = 50_000;
const local = (isoTime: string | null) => (isoTime ? new Date(Date.parse(isoTime) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

export const questionsRoutes: ModuleRoutes = async (fastify, { db, pii }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/youth-voice/questions',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'List Youth Voice questions',
        querystring: Type.Object({ ...PageQuery, ...Filter, sort: Sort }),
        response: { 200: Page, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const rows = await listQuestions(db, await questionConds(db, actorOf(request), q), {
        sort: q.sort ?? 'newest',
        after: timeIdCursor(q.cursor),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => presentQuestion(r.q, r.orgName, request.lang, r.outcomes)),
        nextCursor: nextTimeIdCursor(rows.length > limit, last && { key: last.key, id: last.q.id }),
      };
    },
  );

  app.get(
    '/youth-voice/questions/export',
    {
      config: { access: { permission: 'service.read' } },
      schema: { summary: 'Export Youth Voice questions to Excel', querystring: Type.Object({ ...Filter, sort: Sort }), produces: [xlsxType] },
    },
    async (request, reply) => {
      const q = request.query;
      const rows = await listQuestions(db, await questionConds(db, actorOf(request), q), { sort: q.sort ?? 'newest', after: null, limit: exportCap });
      const items = rows.map((r) => presentQuestion(r.q, r.orgName, request.lang, r.outcomes));
      return sendList(reply, request.lang, {
        sheet: { 'zh-CN': '青年之声问题', 'en-US': 'Youth Voice questions' },
        fileName: '青年之声问题.xlsx',
        columns: exportColumns.map((c) => (c.key.endsWith('At') ? { ...c, value: (r: (typeof items)[number]) => local(r[c.key as 'createdAt']) } : c)),
        rows: items,
      });
    },
  );

  // The moderation queue: answers with listed words that no reviewer has approved yet.
  app.get(
    '/youth-voice/moderation',
    {
      config: { access: { permission: 'service.supervise' } },
      schema: {
        summary: 'List answers waiting for review',
        querystring: Type.Object({ ...PageQuery, orgId: Filter.orgId }),
        response: { 200: Page, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const filter: QuestionFilter = { orgId: q.orgId, flagged: true };
      const rows = await listQuestions(db, await questionConds(db, actorOf(request), filter, 'service.supervise'), {
        sort: 'oldest',
        after: timeIdCursor(q.cursor),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => presentQuestion(r.q, r.orgName, request.lang, r.outcomes)),
        nextCursor: nextTimeIdCursor(rows.length > limit, last && { key: last.key, id: last.q.id }),
      };
    },
  );

  // The listed words in force for a subtree, and where they were set (the kernel's settings page changes them).
  app.get(
    '/youth-voice/sensitive-words',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'Get the sensitive words in force',
        querystring: Type.Object({ orgId: Filter.orgId }),
        response: {
          200: Type.Object({
            key: Type.String(),
            orgId: Nullable(Type.Integer()),
            words: Type.Array(Type.String()),
            setAt: Nullable(Type.Object({ orgId: Type.Integer(), orgName: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const scope = await listScope(db, actorOf(request), 'service.read', request.query.orgId);
      const path = scope.org?.path ?? scope.roots[0];
      const found = path ? await effectiveSetting(db, path, sensitiveWordsSetting.key) : null;
      const orgId = scope.org?.id ?? (path ? Number(path.split('.').at(-1)) : null);
      return {
        key: sensitiveWordsSetting.key,
        orgId,
        words: found ? (found.value as string[]) : sensitiveWordsSetting.default,
        setAt: found ? { orgId: Number(found.orgId), orgName: found.orgName } : null,
      };
    },
  );

  app.get(
    '/youth-voice/questions/:id',
    {
      config: { access: { permission: 'service.read', entity: 'yvQuestion' } },
      schema: { summary: 'Get a Youth Voice question', params: Id, response: { 200: QuestionOut, ...errorResponses } },
    },
    async (request) => {
      const q = await findQuestion(db, request.params.id);
      if (!q) throw new Error('checked by the access hook');
      const outcomes = await outcomesOf(db, q.id);
      return { ...presentQuestion(q, q.orgName, request.lang, outcomes.length), outcomes: outcomes.map((o) => presentOutcome(o, request.lang)) };
    },
  );

  app.post(
    '/youth-voice/questions/:id/route',
    {
      config: { access: { permission: 'service.write', entity: 'yvQuestion' } },
      schema: {
        summary: 'Route a question to an org or expert',
        params: Id,
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          expert: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
          comment: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
        }),
        response: { 200: Moved, ...writes },
      },
    },
    async (request) => ({ status: await routeQuestion(db, actorOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/youth-voice/questions/:id/answer',
    {
      config: { access: { permission: 'service.write', entity: 'yvQuestion' } },
      schema: {
        summary: 'Answer a question',
        params: Id,
        body: Type.Object({ answer: Type.String({ maxLength: 4000 }) }),
        response: { 200: Type.Object({ status: Type.Enum(questionStatuses), flags: Type.Array(Type.String()) }), ...writes },
      },
    },
    async (request) => answerQuestion(db, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/youth-voice/questions/:id/review',
    {
      config: { access: { permission: 'service.supervise', entity: 'yvQuestion' } },
      schema: {
        summary: 'Review an answer with sensitive words',
        params: Id,
        body: Type.Object({
          decision: Type.Union([Type.Literal('approve'), Type.Literal('return')]),
          comment: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
        }),
        response: { 200: Moved, ...writes },
      },
    },
    async (request) => ({ status: await reviewAnswer(db, actorOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/youth-voice/questions/:id/publish',
    {
      config: { access: { permission: 'service.write', entity: 'yvQuestion' } },
      schema: { summary: 'Publish a question and its answer', params: Id, response: { 200: Moved, ...writes } },
    },
    async (request) => ({ status: await publishQuestion(db, actorOf(request), request.params.id) }),
  );

  app.post(
    '/youth-voice/questions/:id/reject',
    {
      config: { access: { permission: 'service.write', entity: 'yvQuestion' } },
      schema: { summary: 'Reject a question', params: Id, body: Type.Object({ reason: Type.String({ maxLength: 500 }) }), response: { 200: Moved, ...writes } },
    },
    async (request) => ({ status: await rejectQuestion(db, actorOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/youth-voice/questions/:id/outcomes',
    {
      config: { access: { permission: 'service.write', entity: 'yvQuestion' } },
      schema: {
        summary: 'Record what a question became',
        description: 'kind case or suggestion: refId is the id in the 12355 or contact-work module; kind wish: give `wish`, and the wish is created here.',
        params: Id,
        body: Type.Object({
          kind: Type.Enum(outcomeKinds),
          refId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
          note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
          wish: Type.Optional(Nullable(WishBody)),
        }),
        response: { 201: Type.Object({ id: Type.String(), kind: Type.Enum(outcomeKinds), refId: Type.String() }), ...writes },
      },
    },
    async (request, reply) => reply.code(201).send(await addOutcome(db, pii, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/youth-voice/visits/import-template',
    { config: { access: { permission: 'service.read' } }, schema: { summary: 'Download the visits import template', produces: [xlsxType] } },
    async (request, reply) =>
      reply
        .header('content-type', xlsxType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('青年之声访问量导入模板.xlsx')}`)
        .send(await visitTemplate(request.lang)),
  );

  app.post(
    '/youth-voice/visits/import/:orgId',
    {
      config: { access: { permission: 'service.write', entities: { orgId: 'org' } } },
      schema: {
        summary: 'Import Youth Voice visits from Excel',
        params: Type.Object({ orgId: Type.String({ pattern: intPattern.source }) }),
        consumes: ['multipart/form-data'],
        description: 'Starts an import run (202); follow it at GET /imports/{id}: its result is { imported, updated }, or its row-by-row errors.',
        response: importStarted,
      },
    },
    async (request, reply) => {
      const run = await importVisits(db, actorOf(request), Number(request.params.orgId), await request.file(), request.lang);
      return reply.code(202).send(presentRun(run, request.lang));
    },
  );
};
