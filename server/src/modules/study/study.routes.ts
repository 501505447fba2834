import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { intPattern } from '../../platform/access/entities.ts';
import { listScope, subtrees } from '../../platform/access/scope.ts';
import { chinaToday } from '../../platform/dates.ts';
import { buildWorkbook, sendXlsx } from '../../platform/excel/excel.ts';
import { presentRun } from '../../platform/imports/imports.ts';
import { importStarted } from '../../platform/imports/imports.routes.ts';
import { actorOf, decodeCursor, encodeCursor, errorResponses, Nullable, PageQuery } from '../../platform/http.ts';
import type { ModuleRoutes } from '../../platform/module.ts';
import { personOf } from '../accounts/index.ts';
import { type EpisodeListRow, listEpisodes } from './study.queries.ts';
import {
  createEpisode,
  currentMembership,
  findEpisode,
  importParticipation,
  participationOf,
  participationTemplate,
  recordSelf,
  withdrawEpisode,
  type EpisodeRow,
} from './study.service.ts';

const Episode = Type.Object({
  id: Type.String(),
  ownerOrgId: Type.Integer(),
  ownerName: Type.String(),
  number: Type.String(),
  title: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  status: Type.String(),
});
const EpisodeWithCounts = Type.Intersect([Episode, Type.Object({ expected: Type.Integer(), studied: Type.Integer(), rate: Type.Number() })]);
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const writes = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };
const pct = (n: number, d: number) => (d > 0 ? Math.round((n * 1000) / d) / 10 : 0);

// Issues come weekly: ten years' worth. Each row counts the subtree's members (about 0.4 s per
// issue for a whole province), so the cap also bounds the export's time.
const exportCap = 500;
const exportColumns = [
  { key: 'number', header: { 'zh-CN': '期次', 'en-US': 'Issue' }, width: 16 },
  { key: 'title', header: { 'zh-CN': '标题', 'en-US': 'Title' }, width: 36 },
  { key: 'startsOn', header: { 'zh-CN': '开始日期', 'en-US': 'Starts on' }, width: 12 },
  { key: 'endsOn', header: { 'zh-CN': '截止日期', 'en-US': 'Ends on' }, width: 12 },
  { key: 'ownerName', header: { 'zh-CN': '发布组织', 'en-US': 'Published by' }, width: 28 },
  { key: 'expected', header: { 'zh-CN': '应学人数', 'en-US': 'Expected' }, width: 10 },
  { key: 'studied', header: { 'zh-CN': '已学人数', 'en-US': 'Studied' }, width: 10 },
  { key: 'rate', header: { 'zh-CN': '参学率（%）', 'en-US': 'Rate (%)' }, width: 10 },
];

const present = (e: EpisodeRow) => ({
  id: e.id,
  ownerOrgId: e.ownerOrgId,
  ownerName: e.ownerName,
  number: e.number,
  title: e.title,
  startsOn: e.startsOn,
  endsOn: e.endsOn,
  status: e.status,
});

/** The fields of an issue every list shows. */
function presentEpisode(r: EpisodeListRow) {
  return {
    id: r.id,
    ownerOrgId: Number(r.owner_org_id),
    ownerName: r.owner_name,
    number: r.number,
    title: r.title,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.status,
  };
}

export const studyRoutes: ModuleRoutes = async (fastify, { db, pii }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/study/episodes',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List study episodes',
        querystring: Type.Object({ orgId: Type.Optional(Type.Integer({ minimum: 1 })), ...PageQuery }),
        response: { 200: Type.Object({ items: Type.Array(EpisodeWithCounts), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const scope = await listScope(db, actorOf(request), 'member.read', q.orgId);
      const limit = q.limit ?? 50;
      const c = decodeCursor(q.cursor);
      const after =
        c && typeof c[0] === 'string' && typeof c[1] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(c[0]) && /^[0-9a-f-]{36}$/i.test(c[1])
          ? { endsOn: c[0], id: c[1] }
          : null;
      const rows = await listEpisodes(db, { scope, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => ({ ...presentEpisode(r), expected: r.expected, studied: r.studied, rate: pct(r.studied, r.expected) })),
        nextCursor: rows.length > limit && last ? encodeCursor([last.ends_on, last.id]) : null,
      };
    },
  );

  // The list above as a workbook, for the chosen subtree (figures counted within it).
  app.get(
    '/study/episodes/export',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'Export study episodes to Excel',
        querystring: Type.Object({ orgId: Type.Optional(Type.Integer({ minimum: 1 })) }),
        produces: [xlsx],
      },
    },
    async (request, reply) => {
      const scope = await listScope(db, actorOf(request), 'member.read', request.query.orgId);
      const rows = await listEpisodes(db, { scope, after: null, limit: exportCap });
      const buf = await buildWorkbook(
        request.lang === 'zh-CN' ? '青年大学习' : 'Youth Study',
        exportColumns,
        rows.map((r) => ({
          number: r.number,
          title: r.title,
          startsOn: r.starts_on,
          endsOn: r.ends_on,
          ownerName: r.owner_name,
          expected: r.expected,
          studied: r.studied,
          rate: pct(r.studied, r.expected),
        })),
        request.lang,
      );
      return sendXlsx(reply, `青年大学习${scope.org ? `-${scope.org.id}` : ''}.xlsx`, buf);
    },
  );

  app.post(
    '/study/episodes',
    {
      config: { access: { permission: 'member.write' } },
      schema: {
        summary: 'Publish a study episode',
        body: Type.Object({
          ownerOrgId: Type.Integer({ minimum: 1 }),
          number: Type.String({ maxLength: 100 }),
          title: Type.String({ maxLength: 500 }),
          startsOn: Type.String({ maxLength: 10 }),
          endsOn: Type.String({ maxLength: 10 }),
        }),
        response: { 201: Episode, ...writes },
      },
    },
    async (request, reply) => reply.code(201).send(present(await createEpisode(db, actorOf(request), request.body))),
  );

  app.get(
    '/study/episodes/:id',
    {
      config: { access: { permission: 'member.read', entity: 'studyEpisode' } },
      schema: { summary: 'Get a study episode', params: Type.Object({ id: Type.String() }), response: { 200: Episode, ...errorResponses } },
    },
    async (request) => {
      const e = await findEpisode(db, request.params.id);
      if (!e) throw new Error('resolved episode vanished');
      return present(e);
    },
  );

  app.post(
    '/study/episodes/:id/withdraw',
    {
      config: { access: { permission: 'member.write', entity: 'studyEpisode' } },
      schema: { summary: 'Withdraw a study episode', params: Type.Object({ id: Type.String() }), response: { 200: Episode, ...writes } },
    },
    async (request) => present(await withdrawEpisode(db, actorOf(request), request.params.id)),
  );

  app.get(
    '/study/import-template',
    { config: { access: { permission: 'member.read' } }, schema: { summary: 'Download the study import template', produces: [xlsx] } },
    async (request, reply) =>
      reply
        .header('content-type', xlsx)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('青年大学习学习记录导入模板.xlsx')}`)
        .send(await participationTemplate(request.lang)),
  );

  // The issue travels in the query: an issue published above the caller (a city's, for a county)
  // is not the caller's entity, so the service checks that it covers the target org instead.
  app.post(
    '/study/import/:orgId',
    {
      config: { access: { permission: 'member.write', entities: { orgId: 'org' } } },
      schema: {
        summary: 'Import study records from Excel',
        params: Type.Object({ orgId: Type.String({ pattern: intPattern.source }) }),
        querystring: Type.Object({ episodeId: Type.String({ maxLength: 40 }) }),
        consumes: ['multipart/form-data'],
        description: 'Starts an import run (202); follow it at GET /imports/{id}: its result is { created, alreadyRecorded }, or its row-by-row errors.',
        response: importStarted,
      },
    },
    async (request, reply) => {
      const run = await importParticipation(
        db,
        pii,
        actorOf(request),
        Number(request.params.orgId),
        request.query.episodeId,
        await request.file(),
        request.lang,
      );
      return reply.code(202).send(presentRun(run, request.lang));
    },
  );

  // The member's phone: open issues of their branch, and "I studied".
  app.get(
    '/me/study',
    {
      config: { access: { self: true } },
      schema: {
        summary: 'List my study episodes',
        response: {
          200: Type.Object({ items: Type.Array(Type.Intersect([Episode, Type.Object({ open: Type.Boolean(), studiedAt: Nullable(Type.String()) })])) }),
          ...writes,
        },
      },
    },
    async (request) => {
      const m = await currentMembership(db, await personOf(db, actorOf(request)));
      const rows = await listEpisodes(db, { scope: subtrees([m.path]), after: null, limit: 20 });
      const mine = await participationOf(
        db,
        m.id,
        rows.map((r) => r.id),
      );
      const today = chinaToday();
      return {
        items: rows.map((r) => ({
          ...presentEpisode(r),
          open: r.starts_on <= today && today <= r.ends_on,
          studiedAt: mine.get(r.id)?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/me/study',
    {
      config: { access: { self: true } },
      schema: {
        summary: 'Record my study of an episode',
        body: Type.Object({ episodeId: Type.String({ maxLength: 40 }) }),
        response: { 200: Type.Object({ episodeId: Type.String(), created: Type.Boolean() }), ...writes },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const m = await currentMembership(db, await personOf(db, actor));
      return recordSelf(db, actor, m, request.body.episodeId, new Date());
    },
  );
};
