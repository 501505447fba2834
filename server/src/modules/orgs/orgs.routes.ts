import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { listScope, type OrgScope } from '../../platform/access/scope.ts';
import type { Lang } from '../../platform/errors.ts';
import { actorOf, DateString, decodeCursor, encodeCursor, errorResponses, Nullable, PageQuery } from '../../platform/http.ts';
import { categoryLabels, kindLabels, labelOf, statusLabels } from '../../platform/org-tree/org-labels.ts';
import { exportOrgs, importOrgs, orgTemplate } from './orgs.excel.ts';
import { presentRun } from '../../platform/imports/imports.ts';
import { importStarted } from '../../platform/imports/imports.routes.ts';
import { findOrgWithCount, listChildren, listOrgsByIds, searchOrgs, type OrgWithCount } from './orgs.queries.ts';
import { orgCategories, orgKinds, orgStatuses } from '../../platform/org-tree/org-tree.schema.ts';
import { idOfPath, idsOfPath } from '../../platform/org-tree/org-tree.ts';
import { closeOrg, createOrg, mergeOrg, moveOrg, updateOrg } from './orgs.service.ts';

const Kind = Type.Enum(orgKinds);
const Category = Type.Enum(orgCategories);
// a date that exists (the kernel's format: 2026-02-30 is refused naming the field)
const DateStr = DateString;

export const OrgOut = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer()),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  kind: Kind,
  kindLabel: Type.String(),
  category: Nullable(Category),
  categoryLabel: Nullable(Type.String()),
  divisionCode: Nullable(Type.String()),
  establishedOn: Nullable(Type.String()),
  status: Type.Enum(orgStatuses),
  statusLabel: Type.String(),
  statusOn: Nullable(Type.String()),
  mergedIntoId: Nullable(Type.Integer()),
  depth: Type.Integer(),
  childCount: Type.Integer(),
  path: Type.String(),
});

export function presentOrg(o: Omit<OrgWithCount, 'childCount'> & { childCount?: number }, lang: Lang) {
  return {
    id: o.id,
    parentId: o.parentId,
    name: o.name,
    shortName: o.shortName,
    kind: o.kind,
    kindLabel: kindLabels[o.kind][lang],
    category: o.category,
    categoryLabel: labelOf(categoryLabels, o.category, lang),
    divisionCode: o.divisionCode,
    establishedOn: o.establishedOn,
    status: o.status,
    statusLabel: statusLabels[o.status][lang],
    statusOn: o.statusOn,
    mergedIntoId: o.mergedIntoId,
    depth: o.depth,
    childCount: o.childCount ?? 0,
    path: o.path,
  };
}

/** The ids along a path that the caller may see: from its own scope root down, never above. */
function visibleChain(path: string, scope: OrgScope): number[] {
  const ids = idsOfPath(path);
  return ids.filter((_, i) => scope.contains(ids.slice(0, i + 1).join('.')));
}

const OrgId = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }) });
const List = Type.Object({ items: Type.Array(OrgOut) });
const Page = Type.Object({ items: Type.Array(OrgOut), nextCursor: Nullable(Type.String()) });
const orgWrite = { access: { permission: 'org.write', entity: 'org' } } as const;
const orgRead = { access: { permission: 'org.read', entity: 'org' } } as const;

export async function orgsRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.get(
    '/orgs/meta',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        summary: 'Get org kinds and options',
        response: {
          200: Type.Object({
            kinds: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
            categories: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      kinds: orgKinds.map((value) => ({ value, label: kindLabels[value][request.lang] })),
      categories: orgCategories.map((value) => ({ value, label: categoryLabels[value][request.lang] })),
    }),
  );

  app.get(
    '/orgs/roots',
    { config: { access: { permission: 'org.read' } }, schema: { summary: 'List the top orgs in scope', response: { 200: List, ...errorResponses } } },
    async (request) => {
      const scope = await listScope(db, actorOf(request), 'org.read');
      const rows = await listOrgsByIds(db, scope.roots.map(idOfPath));
      return { items: rows.map((o) => presentOrg(o, request.lang)) };
    },
  );

  app.get(
    '/orgs/search',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        summary: 'Search orgs',
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: 50 }),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(Type.Intersect([OrgOut, Type.Object({ pathNames: Type.String() })])) }), ...errorResponses },
      },
    },
    async (request) => {
      const scope = await listScope(db, actorOf(request), 'org.read');
      const rows = await searchOrgs(db, scope, request.query.q.trim(), request.query.limit ?? 20);
      const ancestorIds = [...new Set(rows.flatMap((r) => visibleChain(r.path, scope)))];
      const names = new Map((await listOrgsByIds(db, ancestorIds)).map((o) => [o.id, o.shortName ?? o.name]));
      return {
        items: rows.map((r) => ({
          ...presentOrg(r, request.lang),
          pathNames: visibleChain(r.path, scope)
            .map((id) => names.get(id) ?? '')
            .join(' / '),
        })),
      };
    },
  );

  app.get('/orgs/:id', { config: orgRead, schema: { summary: 'Get an org', params: OrgId, response: { 200: OrgOut, ...errorResponses } } }, async (request) => {
    const row = await findOrgWithCount(db, Number(request.params.id));
    if (!row) throw new Error('checked by the access hook');
    return presentOrg(row, request.lang);
  });

  app.get(
    '/orgs/:id/ancestors',
    { config: orgRead, schema: { summary: "List an org's ancestors", params: OrgId, response: { 200: List, ...errorResponses } } },
    async (request) => {
      const node = await findOrgWithCount(db, Number(request.params.id));
      const rows = await listOrgsByIds(db, visibleChain(node?.path ?? '', await listScope(db, actorOf(request), 'org.read')));
      rows.sort((a, b) => a.depth - b.depth);
      return { items: rows.map((o) => presentOrg(o, request.lang)) };
    },
  );

  app.get(
    '/orgs/:id/children',
    {
      config: orgRead,
      schema: {
        summary: "List an org's children",
        params: OrgId,
        querystring: Type.Object({ ...PageQuery, status: Type.Optional(Type.Enum(orgStatuses)) }),
        response: { 200: Page, ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const after = decodeCursor(request.query.cursor);
      const rows = await listChildren(db, Number(request.params.id), {
        after: after ? [String(after[0]), Number(after[1])] : null,
        limit: limit + 1,
        status: request.query.status,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((o) => presentOrg(o, request.lang)),
        nextCursor: rows.length > limit && last ? encodeCursor([last.sortKey, last.id]) : null,
      };
    },
  );

  const OrgBody = Type.Object({
    parentId: Type.Integer({ minimum: 1 }),
    name: Type.String({ maxLength: 200 }),
    shortName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    kind: Kind,
    category: Type.Optional(Nullable(Category)),
    divisionCode: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    establishedOn: Type.Optional(Nullable(DateStr)),
  });

  app.post(
    '/orgs',
    {
      config: { access: { permission: 'org.write' } },
      schema: {
        summary: 'Create an org',
        body: OrgBody,
        response: { 201: OrgOut, ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') },
      },
    },
    async (request, reply) => {
      const row = await createOrg(db, actorOf(request), request.body);
      return reply.code(201).send(presentOrg(row, request.lang));
    },
  );

  app.patch(
    '/orgs/:id',
    {
      config: orgWrite,
      schema: {
        summary: 'Update an org',
        params: OrgId,
        body: Type.Partial(Type.Omit(OrgBody, ['parentId'])),
        response: { 200: OrgOut, ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') },
      },
    },
    async (request) => presentOrg(await updateOrg(db, actorOf(request), Number(request.params.id), request.body), request.lang),
  );

  app.post(
    '/orgs/:id/move',
    {
      config: orgWrite,
      schema: {
        summary: 'Move an org under another parent',
        params: OrgId,
        body: Type.Object({ parentId: Type.Integer({ minimum: 1 }) }),
        response: { 200: OrgOut, ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') },
      },
    },
    async (request) => presentOrg(await moveOrg(db, actorOf(request), Number(request.params.id), request.body.parentId), request.lang),
  );

  app.post(
    '/orgs/:id/close',
    {
      config: orgWrite,
      schema: {
        summary: 'Close an org',
        params: OrgId,
        body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: { 200: OrgOut, ...errorResponses, 422: Type.Ref('Problem') },
      },
    },
    async (request) => presentOrg(await closeOrg(db, actorOf(request), Number(request.params.id), request.body.reason ?? null), request.lang),
  );

  app.post(
    '/orgs/:id/merge',
    {
      config: orgWrite,
      schema: {
        summary: 'Merge an org into another',
        params: OrgId,
        body: Type.Object({ intoId: Type.Integer({ minimum: 1 }), reason: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: { 200: OrgOut, ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') },
      },
    },
    async (request) =>
      presentOrg(await mergeOrg(db, actorOf(request), Number(request.params.id), request.body.intoId, request.body.reason ?? null), request.lang),
  );

  app.get(
    '/orgs/import-template',
    {
      config: { access: { permission: 'org.read' } },
      schema: { summary: 'Download the org import template', produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
    },
    async (request, reply) => {
      const buf = await orgTemplate(request.lang);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('组织导入模板.xlsx')}`)
        .send(buf);
    },
  );

  app.get('/orgs/:id/export', { config: orgRead, schema: { summary: 'Export an org subtree to Excel', params: OrgId } }, async (request, reply) => {
    const buf = await exportOrgs(db, actorOf(request), Number(request.params.id), request.lang);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`组织导出-${request.params.id}.xlsx`)}`)
      .send(buf);
  });

  app.post(
    '/orgs/:id/import',
    {
      config: orgWrite,
      schema: {
        summary: 'Import orgs from Excel',
        description: 'Starts an import run (202); follow it at GET /imports/{id}: its result is { created }, or its row-by-row errors.',
        params: OrgId,
        consumes: ['multipart/form-data'],
        response: importStarted,
      },
    },
    async (request, reply) => {
      const run = await importOrgs(db, actorOf(request), Number(request.params.id), await request.file(), request.lang);
      return reply.code(202).send(presentRun(run, request.lang));
    },
  );
}
