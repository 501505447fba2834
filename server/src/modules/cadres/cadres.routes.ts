import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { listScope } from '../../platform/access/scope.ts';
import { addDays, chinaToday as today, daysBetween } from '../../platform/dates.ts';
import type { Lang } from '../../platform/errors.ts';
import { genderLabel, sendList, xlsxType } from '../../platform/excel/excel.ts';
import { actorOf, afterId, DateString, errorResponses, Nullable, nextIdCursor, PageQuery } from '../../platform/http.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { kindLabels } from '../../platform/org-tree/org-labels.ts';
import { cadreStructure, listCadres, listElections, orgSizes, termsEndingBy } from './cadres.queries.ts';
import { ageBandLabels, cadreKindLabels, postLabels, sizeWarnings, termWarningSetting, type AgeBand } from './cadres.rules.ts';
import { cadreKinds, cadrePosts, cadreStatuses, type CadreKind, type CadrePost } from './cadres.schema.ts';
import { createCadre, endCadre, recordElection, updateCadre, type CadreRow } from './cadres.service.ts';

// a date that exists (the kernel's format: 2026-02-30 is refused naming the field)
const DateStr = DateString;
const Post = Type.Enum(cadrePosts);
const Kind = Type.Enum(cadreKinds);
const CadreOut = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  gender: Type.Optional(Type.String()),
  birthDate: Type.Optional(Type.String()),
  education: Type.Optional(Nullable(Type.String())),
  politicalStatus: Type.Optional(Nullable(Type.String())),
  post: Post,
  postLabel: Type.String(),
  kind: Kind,
  kindLabel: Type.String(),
  termStart: Type.String(),
  termEnd: Nullable(Type.String()),
  inVillageCommittee: Type.Boolean(),
  status: Type.Enum(cadreStatuses),
  endedOn: Nullable(Type.String()),
  endReason: Nullable(Type.String()),
  electionId: Nullable(Type.String()),
});
const Warning = Type.Object({ code: Type.String(), message: Type.String() });

function presentCadre(c: CadreRow, lang: Lang) {
  return {
    id: c.id,
    personId: c.personId,
    orgId: c.orgId,
    post: c.post,
    postLabel: postLabels[c.post][lang],
    kind: c.kind,
    kindLabel: cadreKindLabels[c.kind][lang],
    termStart: c.termStart,
    termEnd: c.termEnd,
    inVillageCommittee: c.inVillageCommittee,
    status: c.status,
    endedOn: c.endedOn,
    endReason: c.endReason,
    electionId: c.electionId,
  };
}

const CadreId = Type.Object({ id: Type.String() });
const OrgQuery = { orgId: Type.Optional(Type.Integer({ minimum: 1 })) };
const writes = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };

export async function cadresRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.get(
    '/cadres/meta',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        summary: 'Get cadre positions and options',
        response: {
          200: Type.Object({
            posts: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
            kinds: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      posts: cadrePosts.map((value) => ({ value, label: postLabels[value][request.lang] })),
      kinds: cadreKinds.map((value) => ({ value, label: cadreKindLabels[value][request.lang] })),
    }),
  );

  app.get(
    '/cadres',
    {
      config: { access: { permission: 'person.read' } },
      schema: {
        summary: 'List cadres in scope',
        querystring: Type.Object({
          ...PageQuery,
          ...OrgQuery,
          status: Type.Optional(Type.Enum(cadreStatuses)),
          kind: Type.Optional(Kind),
          q: Type.Optional(Type.String({ maxLength: 50 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(CadreOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const scope = await listScope(db, actorOf(request), 'person.read', q.orgId);
      const rows = await listCadres(db, { scope, status: q.status, kind: q.kind, q: q.q?.trim() || undefined, after: afterId(q.cursor), limit });
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({ ...presentCadre(r.c, request.lang), orgName: r.orgName, ...r.p })),
        nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.c.id),
      };
    },
  );

  app.get(
    '/cadres/export',
    {
      config: { access: { permission: 'person.read' } },
      schema: {
        summary: 'Export cadres to Excel',
        produces: [xlsxType],
        querystring: Type.Object({
          ...OrgQuery,
          status: Type.Optional(Type.Enum(cadreStatuses)),
          kind: Type.Optional(Kind),
          q: Type.Optional(Type.String({ maxLength: 50 })),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const scope = await listScope(db, actorOf(request), 'person.read', q.orgId);
      const rows = (await listCadres(db, { scope, status: q.status, kind: q.kind, q: q.q?.trim() || undefined, after: null, limit: 20_000 })).slice(0, 20_000);
      const yes = { 'zh-CN': '是', 'en-US': 'yes' };
      return sendList(reply, request.lang, {
        sheet: { 'zh-CN': '团干部', 'en-US': 'Cadres' },
        fileName: `团干部名单-${today()}.xlsx`,
        rows,
        columns: [
          { key: 'name', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 12, value: (r) => r.p.name },
          { key: 'gender', header: { 'zh-CN': '性别', 'en-US': 'Gender' }, width: 6, value: (r, l) => genderLabel(r.p.gender, l) },
          { key: 'birthDate', header: { 'zh-CN': '出生日期', 'en-US': 'Born' }, width: 12, value: (r) => r.p.birthDate },
          { key: 'ethnicity', header: { 'zh-CN': '民族', 'en-US': 'Ethnicity' }, width: 8, value: (r) => r.p.ethnicity ?? '' },
          { key: 'education', header: { 'zh-CN': '学历', 'en-US': 'Education' }, width: 12, value: (r) => r.p.education ?? '' },
          { key: 'political', header: { 'zh-CN': '政治面貌', 'en-US': 'Political status' }, width: 12, value: (r) => r.p.politicalStatus ?? '' },
          { key: 'orgName', header: { 'zh-CN': '任职组织', 'en-US': 'Organization' }, width: 28 },
          { key: 'post', header: { 'zh-CN': '职务', 'en-US': 'Post' }, width: 12, value: (r, l) => postLabels[r.c.post][l] },
          { key: 'kind', header: { 'zh-CN': '类别', 'en-US': 'Kind' }, width: 8, value: (r, l) => cadreKindLabels[r.c.kind][l] },
          { key: 'termStart', header: { 'zh-CN': '任职开始', 'en-US': 'Term start' }, width: 12, value: (r) => r.c.termStart },
          { key: 'termEnd', header: { 'zh-CN': '任期届满', 'en-US': 'Term end' }, width: 12, value: (r) => r.c.termEnd ?? '' },
          {
            key: 'village',
            header: { 'zh-CN': '进村两委', 'en-US': 'On village committee' },
            width: 10,
            value: (r, l) => (r.c.inVillageCommittee ? yes[l] : ''),
          },
          { key: 'endedOn', header: { 'zh-CN': '离任日期', 'en-US': 'Ended on' }, width: 12, value: (r) => r.c.endedOn ?? '' },
          { key: 'endReason', header: { 'zh-CN': '离任原因', 'en-US': 'Reason' }, width: 14, value: (r) => r.c.endReason ?? '' },
        ],
      });
    },
  );

  app.post(
    '/cadres',
    {
      config: { access: { permission: 'orglife.write' } },
      schema: {
        summary: 'Appoint a cadre',
        body: Type.Object({
          personId: Type.String({ format: 'uuid' }),
          orgId: Type.Integer({ minimum: 1 }),
          post: Post,
          kind: Kind,
          termStart: Type.String({ maxLength: 10 }),
          termEnd: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
          inVillageCommittee: Type.Optional(Type.Boolean()),
        }),
        response: { 201: CadreOut, ...writes },
      },
    },
    async (request, reply) => reply.code(201).send(presentCadre(await createCadre(db, actorOf(request), request.body, today()), request.lang)),
  );

  app.patch(
    '/cadres/:id',
    {
      config: { access: { permission: 'orglife.write', entity: 'cadre' } },
      schema: {
        summary: "Update a cadre's term",
        params: CadreId,
        body: Type.Object({
          post: Type.Optional(Post),
          kind: Type.Optional(Kind),
          termStart: Type.Optional(Type.String({ maxLength: 10 })),
          termEnd: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
          inVillageCommittee: Type.Optional(Type.Boolean()),
        }),
        response: { 200: CadreOut, ...writes },
      },
    },
    async (request) => presentCadre(await updateCadre(db, actorOf(request), request.params.id, request.body, today()), request.lang),
  );

  app.post(
    '/cadres/:id/end',
    {
      config: { access: { permission: 'orglife.write', entity: 'cadre' } },
      schema: {
        summary: "End a cadre's term",
        params: CadreId,
        body: Type.Object({ endedOn: Type.String({ maxLength: 10 }), reason: Type.Optional(Nullable(Type.String({ maxLength: 200 }))) }),
        response: { 200: CadreOut, ...writes },
      },
    },
    async (request) => presentCadre(await endCadre(db, actorOf(request), request.params.id, request.body, today()), request.lang),
  );

  app.get(
    '/cadres/structure',
    {
      config: { access: { permission: 'person.read' } },
      schema: {
        summary: 'Get the cadre structure of an org',
        querystring: Type.Object({ ...OrgQuery, on: Type.Optional(DateStr) }),
        response: {
          200: Type.Object({
            on: Type.String(),
            total: Type.Integer(),
            byKind: Type.Array(Type.Object({ kind: Type.String(), label: Type.String(), count: Type.Integer() })),
            shares: Type.Array(
              Type.Object({ key: Type.String(), group: Type.String(), label: Type.String(), numerator: Type.Integer(), denominator: Type.Integer() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const on = request.query.on ?? today();
      const s = await cadreStructure(db, await listScope(db, actorOf(request), 'person.read', request.query.orgId), on);
      const lang = request.lang;
      const other: Record<string, string> = {
        party: lang === 'zh-CN' ? '党员' : 'Party members',
        college: lang === 'zh-CN' ? '大专以上' : 'College or higher',
        in: lang === 'zh-CN' ? '进村（社区）两委' : 'On the village committee',
      };
      return {
        on,
        total: s.total,
        byKind: (Object.keys(s.byKind) as CadreKind[]).map((k) => ({ kind: k, label: cadreKindLabels[k][lang], count: s.byKind[k] })),
        shares: s.shares.map((x) => ({ ...x, label: x.key === 'age_band' ? ageBandLabels[x.group as AgeBand][lang] : (other[x.group] ?? x.group) })),
      };
    },
  );

  app.get(
    '/cadres/warnings',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        summary: 'List cadre warnings (vacancies, terms due)',
        querystring: Type.Object({ ...OrgQuery, days: Type.Optional(Type.Integer({ minimum: 0, maximum: 730 })) }),
        response: {
          200: Type.Object({
            days: Type.Integer(),
            terms: Type.Array(
              Type.Object({
                orgId: Type.Integer(),
                orgName: Type.String(),
                heldOn: Type.String(),
                termYears: Type.Integer(),
                termEndsOn: Type.String(),
                daysLeft: Type.Integer(),
                expired: Type.Boolean(),
              }),
            ),
            sizes: Type.Array(
              Type.Object({
                orgId: Type.Integer(),
                orgName: Type.String(),
                kind: Type.String(),
                members: Type.Integer(),
                committee: Type.Integer(),
                warnings: Type.Array(Warning),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const scope = await listScope(db, actorOf(request), 'org.read', request.query.orgId);
      const now = today();
      const lang = request.lang;
      // The window set for each root of the scope; over several, the widest, so no root's warning is missed.
      const windows = await Promise.all(scope.roots.map((root) => getSetting(db, root, termWarningSetting)));
      const days = request.query.days ?? (windows.length ? Math.max(...windows) : termWarningSetting.default);
      const terms = (await termsEndingBy(db, scope, addDays(now, days), 500)).map((t) => {
        const left = daysBetween(now, t.term_ends_on);
        return {
          orgId: Number(t.org_id),
          orgName: t.org_name,
          heldOn: t.held_on,
          termYears: t.term_years,
          termEndsOn: t.term_ends_on,
          daysLeft: left,
          expired: left < 0,
        };
      });
      const sizes = (await orgSizes(db, scope, 5000))
        .map((o) => ({ o, w: sizeWarnings(o.kind, o.members, o.committee) }))
        .filter(({ w }) => w.length > 0)
        .slice(0, 500)
        .map(({ o, w }) => ({
          orgId: Number(o.id),
          orgName: o.name,
          kind: kindLabels[o.kind][lang],
          members: o.members,
          committee: o.committee,
          warnings: w.map((x) => ({ code: x.code, message: x.message[lang] })),
        }));
      return { days, terms, sizes };
    },
  );

  const ElectionOut = Type.Object({
    id: Type.String(),
    orgId: Type.Integer(),
    orgName: Type.Optional(Type.String()),
    heldOn: Type.String(),
    termYears: Type.Integer(),
    termEndsOn: Type.String(),
    note: Nullable(Type.String()),
    committee: Type.Optional(
      Type.Array(Type.Object({ personId: Type.String(), name: Type.String(), post: Type.String(), postLabel: Type.String(), kindLabel: Type.String() })),
    ),
    warnings: Type.Optional(Type.Array(Warning)),
  });

  app.get(
    '/elections',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        summary: 'List elections',
        querystring: Type.Object({ ...PageQuery, ...OrgQuery }),
        response: { 200: Type.Object({ items: Type.Array(ElectionOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const scope = await listScope(db, actorOf(request), 'org.read', request.query.orgId);
      const rows = await listElections(db, { scope, after: afterId(request.query.cursor), limit });
      const page = rows.slice(0, limit);
      const lang = request.lang;
      return {
        items: page.map((r) => ({
          id: r.e.id,
          orgId: r.e.orgId,
          orgName: r.orgName,
          heldOn: r.e.heldOn,
          termYears: r.e.termYears,
          termEndsOn: r.e.termEndsOn,
          note: r.e.note,
          committee: r.committee.map((c) => ({
            personId: c.personId,
            name: c.name,
            post: c.post,
            postLabel: postLabels[c.post as CadrePost][lang],
            kindLabel: cadreKindLabels[c.kind as CadreKind][lang],
          })),
        })),
        nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.e.id),
      };
    },
  );

  app.post(
    '/elections',
    {
      config: { access: { permission: 'orglife.write' } },
      schema: {
        summary: 'Record an election',
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          heldOn: Type.String({ maxLength: 10 }),
          termYears: Type.Integer({ minimum: 1, maximum: 10 }),
          note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
          committee: Type.Array(
            Type.Object({ personId: Type.String({ format: 'uuid' }), post: Post, kind: Kind, inVillageCommittee: Type.Optional(Type.Boolean()) }),
            { maxItems: 30 },
          ),
        }),
        response: { 201: ElectionOut, ...writes },
      },
    },
    async (request, reply) => {
      const { election: e, warnings } = await recordElection(db, actorOf(request), request.body, today());
      return reply.code(201).send({
        id: e.id,
        orgId: e.orgId,
        heldOn: e.heldOn,
        termYears: e.termYears,
        termEndsOn: e.termEndsOn,
        note: e.note,
        warnings: warnings.map((w) => ({ code: w.code, message: w.message[request.lang] })),
      });
    },
  );
}
