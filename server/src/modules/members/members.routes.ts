import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { intPattern } from '../../platform/access/entities.ts';
import { chinaToday } from '../../platform/dates.ts';
import { actorOf, afterId, errorResponses, Nullable, nextIdCursor, PageQuery } from '../../platform/http.ts';
import type { Pii } from '../../platform/pii.ts';
import { presentRun } from '../../platform/imports/imports.ts';
import { importStarted } from '../../platform/imports/imports.routes.ts';
import { exportMembers, importMembers, memberTemplate } from './members.excel.ts';
import { listMembers, memberWithPerson, presentMember } from './members.queries.ts';
import { duesCategories, leaveReasons, memberStatuses } from './members.schema.ts';
import { createMember, updateMember } from './members.service.ts';
import { isLinkRequested, linkRequestedAnswer, LinkRequestedOut } from '../people/index.ts';

const Str = (max: number) => Type.String({ maxLength: max });
const DateStr = Type.String({ maxLength: 10 });
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const MemberOut = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  name: Type.String(),
  gender: Type.String(),
  birthDate: Type.String(),
  age: Type.Integer(),
  idNumber: Nullable(Type.String({ description: 'masked' })),
  phone: Nullable(Type.String({ description: 'masked' })),
  orgId: Type.Integer(),
  orgName: Type.String(),
  developmentNumber: Nullable(Type.String()),
  admittedOn: Type.String(),
  status: Type.Enum(memberStatuses),
  leftOn: Nullable(Type.String()),
  leftReason: Nullable(Type.Enum(leaveReasons)),
  leftNote: Nullable(Type.String()),
  leaguePost: Nullable(Type.String()),
  duesCategory: Type.Enum(duesCategories),
  monthlyIncomeFen: Nullable(Type.Integer()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const NewPersonBody = Type.Object({
  name: Str(100),
  idNumber: Type.Optional(Nullable(Str(30))),
  gender: Type.Optional(Type.Union([Type.Literal('M'), Type.Literal('F')])),
  birthDate: Type.Optional(Str(10)),
  phone: Type.Optional(Nullable(Str(20))),
  ethnicity: Type.Optional(Nullable(Str(20))),
  education: Type.Optional(Nullable(Str(20))),
  politicalStatus: Type.Optional(Nullable(Str(20))),
});

const MemberFields = {
  orgId: Type.Integer({ minimum: 1 }),
  admittedOn: DateStr,
  developmentNumber: Type.Optional(Nullable(Str(20))),
  duesCategory: Type.Optional(Type.Enum(duesCategories)),
  monthlyIncomeFen: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
  leaguePost: Type.Optional(Nullable(Str(50))),
};
const MemberBody = Type.Object({ ...MemberFields, personId: Type.Optional(Type.String({ format: 'uuid' })), person: Type.Optional(NewPersonBody) });
const MemberPatch = Type.Partial(Type.Object(MemberFields));

const FilterQuery = {
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(Type.Enum(memberStatuses)),
  ageMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
  ageMax: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
  admittedFrom: Type.Optional(Type.String({ format: 'date' })),
  admittedTo: Type.Optional(Type.String({ format: 'date' })),
  q: Type.Optional(Str(50)),
};
const IdParam = Type.Object({ id: Type.String() });
const w409 = { 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };

export async function membersRoutes(fastify: FastifyInstance, opts: { db: Db; pii: Pii }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, pii } = opts;

  app.get(
    '/members',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List members in scope',
        querystring: Type.Object({
          ...PageQuery,
          ...FilterQuery,
          writable: Type.Optional(Type.Boolean({ description: 'only members the caller may change (member.write), as a picker that starts a transfer needs' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(MemberOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const day = chinaToday();
      const after = afterId(request.query.cursor);
      const rows = await listMembers(db, actorOf(request), { ...request.query, after, limit: limit + 1 }, day);
      const page = rows.slice(0, limit);
      return { items: page.map((r) => presentMember(r, day)), nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.m.id) };
    },
  );

  app.get(
    '/members/export',
    {
      config: { access: { permission: 'member.read' } },
      schema: { summary: 'Export members to Excel', querystring: Type.Object(FilterQuery), produces: [xlsx] },
    },
    async (request, reply) => {
      const buf = await exportMembers(db, actorOf(request), request.query, request.lang, chinaToday());
      return reply
        .header('content-type', xlsx)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`团员名单-${chinaToday()}.xlsx`)}`)
        .send(buf);
    },
  );

  app.get(
    '/members/import-template',
    { config: { access: { permission: 'member.read' } }, schema: { summary: 'Download the member import template', produces: [xlsx] } },
    async (request, reply) =>
      reply
        .header('content-type', xlsx)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('团员导入模板.xlsx')}`)
        .send(await memberTemplate(request.lang)),
  );

  app.post(
    '/members/import/:orgId',
    {
      config: { access: { permission: 'member.write', entities: { orgId: 'org' } } },
      schema: {
        summary: 'Import members from Excel',
        description: 'Starts an import run (202); follow it at GET /imports/{id}: its result is { created, peopleReused }, or its row-by-row errors.',
        params: Type.Object({ orgId: Type.String({ pattern: intPattern.source }) }),
        consumes: ['multipart/form-data'],
        response: importStarted,
      },
    },
    async (request, reply) => {
      const run = await importMembers(db, pii, actorOf(request), Number(request.params.orgId), await request.file(), request.lang, chinaToday());
      return reply.code(202).send(presentRun(run, request.lang));
    },
  );

  app.post(
    '/members',
    {
      config: { access: { permission: 'member.write' } },
      schema: {
        summary: 'Create a member',
        description: 'An ID number kept outside the caller scope answers 202 with a link request to the keeping org, and nothing about the person.',
        body: MemberBody,
        response: { 201: MemberOut, 202: LinkRequestedOut, ...errorResponses, ...w409 },
      },
    },
    async (request, reply) => {
      const out = await createMember(db, pii, actorOf(request), request.body, chinaToday());
      return isLinkRequested(out) ? reply.code(202).send(linkRequestedAnswer(out, request.lang)) : reply.code(201).send(out);
    },
  );

  app.get(
    '/members/:id',
    {
      config: { access: { permission: 'member.read', entity: 'member' } },
      schema: { summary: 'Get a member', params: IdParam, response: { 200: MemberOut, ...errorResponses } },
    },
    async (request) => {
      const row = await memberWithPerson(db, request.params.id);
      if (!row) throw new Error('checked by the access hook');
      return presentMember(row, chinaToday());
    },
  );

  app.patch(
    '/members/:id',
    {
      config: { access: { permission: 'member.write', entity: 'member' } },
      schema: { summary: 'Update a member', params: IdParam, body: MemberPatch, response: { 200: MemberOut, ...errorResponses, ...w409 } },
    },
    async (request) => updateMember(db, actorOf(request), request.params.id, request.body, chinaToday()),
  );
}
