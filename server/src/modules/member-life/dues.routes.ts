import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { listScope } from '../../platform/access/scope.ts';
import { chinaToday } from '../../platform/dates.ts';
import { buildWorkbook } from '../../platform/excel/excel.ts';
import { actorOf, afterId, Cursor, errorResponses, nextIdCursor, Nullable } from '../../platform/http.ts';
import type { ModuleRoutes } from '../../platform/module.ts';
import { personOf } from '../accounts/index.ts';
import { arrearsByBranch } from './dues.queries.ts';
import { arrearsList, memberDues, presentEntry, recordPayment, reverseEntry } from './dues.service.ts';
import { activeMemberOfPerson, loadMember } from './member-life.common.ts';
import { duesMethods } from './member-life.schema.ts';

const Month = Type.String({ maxLength: 7 });
const Entry = Type.Object({
  id: Type.Integer(),
  fromMonth: Type.String(),
  toMonth: Type.String(),
  amountFen: Type.Integer(),
  paidOn: Type.String(),
  method: Type.String(),
  reversesId: Nullable(Type.Integer()),
  reason: Nullable(Type.String()),
  createdAt: Type.String(),
});
const MemberDues = Type.Object({
  memberId: Type.String(),
  name: Type.String(),
  duesCategory: Type.String(),
  standardFen: Nullable(Type.Integer()),
  arrearsMonths: Type.Array(Type.String()),
  arrearsFen: Nullable(Type.Integer()),
  paidThisYearFen: Type.Integer(),
  entries: Type.Array(Type.Intersect([Entry, Type.Object({ reversed: Type.Boolean() })])),
});
const ArrearsItem = Type.Object({
  memberId: Type.String(),
  name: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  duesCategory: Type.String(),
  standardFen: Nullable(Type.Integer()),
  dueMonths: Type.Integer(),
  arrearsMonths: Type.Integer(),
  arrearsFen: Nullable(Type.Integer()),
});
const MemberId = Type.Object({ id: Type.String({ maxLength: 40 }) });
const AsOf = { orgId: Type.Optional(Type.Integer({ minimum: 1 })), asOf: Type.Optional(Type.String({ format: 'date' })) };
const ok = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };

export const duesRoutes: ModuleRoutes = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/members/:id/dues',
    {
      config: { access: { permission: 'member.read', entity: 'member' } },
      schema: {
        summary: "Get a member's dues",
        params: MemberId,
        querystring: Type.Object({ asOf: AsOf.asOf }),
        response: { 200: MemberDues, ...errorResponses },
      },
    },
    async (request) => {
      const m = await loadMember(db, request.params.id);
      if (!m) throw new Error('checked by the access hook');
      return memberDues(db, m, request.query.asOf ?? chinaToday());
    },
  );

  app.post(
    '/members/:id/dues',
    {
      config: { access: { permission: 'member.write', entity: 'member' } },
      schema: {
        summary: 'Record a dues payment',
        params: MemberId,
        body: Type.Object({
          fromMonth: Month,
          toMonth: Month,
          amountFen: Type.Integer(),
          paidOn: Type.String({ maxLength: 10 }),
          method: Type.Enum(duesMethods),
          note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
        }),
        response: { 201: Entry, ...ok },
      },
    },
    async (request, reply) => reply.code(201).send(presentEntry(await recordPayment(db, actorOf(request), request.params.id, request.body, chinaToday()))),
  );

  app.post(
    '/dues/entries/:id/reverse',
    {
      config: { access: { permission: 'member.write', entity: 'duesEntry' } },
      schema: {
        summary: 'Reverse a dues entry',
        params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
        body: Type.Object({ reason: Type.String({ maxLength: 500 }) }),
        response: { 201: Entry, ...ok },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentEntry(await reverseEntry(db, actorOf(request), Number(request.params.id), request.body, chinaToday()))),
  );

  app.get(
    '/dues/arrears',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List members in arrears',
        querystring: Type.Object({
          ...AsOf,
          cursor: Type.Optional(Cursor),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(ArrearsItem), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const scope = await listScope(db, actorOf(request), 'member.read', request.query.orgId);
      const limit = request.query.limit ?? 100;
      const after = afterId(request.query.cursor);
      const rows = await arrearsList(db, scope, request.query.asOf ?? chinaToday(), {
        after: after && /^[0-9a-f-]{36}$/.test(after) ? after : null,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page, nextCursor: nextIdCursor(rows.length > limit, last?.memberId) };
    },
  );

  app.get(
    '/dues/arrears/by-branch',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'Count arrears by branch',
        querystring: Type.Object(AsOf),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({ orgId: Type.Integer(), orgName: Type.String(), members: Type.Integer(), inArrears: Type.Integer(), arrearsMonths: Type.Integer() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const scope = await listScope(db, actorOf(request), 'member.read', request.query.orgId);
      const rows = await arrearsByBranch(db, scope, request.query.asOf ?? chinaToday());
      return {
        items: rows.map((r) => ({ orgId: r.org_id, orgName: r.org_name, members: r.members, inArrears: r.in_arrears, arrearsMonths: r.arrears_months })),
      };
    },
  );

  app.get(
    '/dues/arrears/export',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'Export arrears to Excel',
        querystring: Type.Object(AsOf),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (request, reply) => {
      const scope = await listScope(db, actorOf(request), 'member.read', request.query.orgId);
      const rows = await arrearsList(db, scope, request.query.asOf ?? chinaToday());
      const yuan = (f: number | null) => (f === null ? '' : (f / 100).toFixed(2));
      const buf = await buildWorkbook(
        request.lang === 'zh-CN' ? '欠缴团费' : 'Arrears',
        [
          { key: 'name', header: { 'zh-CN': '姓名', 'en-US': 'Name' } },
          { key: 'orgName', header: { 'zh-CN': '所在支部', 'en-US': 'Branch' }, width: 30 },
          { key: 'standard', header: { 'zh-CN': '月标准（元）', 'en-US': 'Monthly (yuan)' } },
          { key: 'arrearsMonths', header: { 'zh-CN': '欠缴月数', 'en-US': 'Months owed' } },
          { key: 'arrears', header: { 'zh-CN': '欠缴金额（元）', 'en-US': 'Owed (yuan)' } },
        ],
        rows.map((r) => ({ name: r.name, orgName: r.orgName, standard: yuan(r.standardFen), arrearsMonths: r.arrearsMonths, arrears: yuan(r.arrearsFen) })),
        request.lang,
      );
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`欠缴团费${scope.org ? `-${scope.org.id}` : ''}.xlsx`)}`)
        .send(buf);
    },
  );

  app.get('/me/dues', { config: { access: { self: true } }, schema: { summary: 'Get my dues', response: { 200: MemberDues, ...ok } } }, async (request) => {
    const m = await activeMemberOfPerson(db, await personOf(db, actorOf(request)));
    return memberDues(db, m, chinaToday());
  });
};
