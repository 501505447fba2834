import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { buildWorkbook, type Column } from '../../platform/excel/excel.ts';
import { actorOf, afterId, DateString, errorResponses, Nullable, nextIdCursor, PageQuery } from '../../platform/http.ts';
import type { Pii } from '../../platform/pii.ts';
import { personOf } from '../accounts/index.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { isLinkRequested, linkRequestedAnswer, LinkRequestedOut, person } from '../people/index.ts';
import { volunteer } from './volunteers.schema.ts';
import {
  findVolunteerByPerson,
  listVolunteers,
  loadVolunteer,
  presentVolunteer,
  registerSelf,
  registerVolunteer,
  updateVolunteer,
  volunteerFilter,
  volunteerStatuses,
} from './volunteers.service.ts';

// a date that exists (the kernel's format: 2026-02-30 is refused naming the field)
const DateStr = DateString;
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { maxItems: 30 });
export const VolunteerOut = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  orgId: Type.Integer(),
  orgName: Nullable(Type.String()),
  number: Type.String(),
  name: Type.String(),
  gender: Type.String(),
  birthDate: Type.String(),
  idNumber: Nullable(Type.String({ description: 'masked' })),
  phone: Nullable(Type.String({ description: 'masked' })),
  status: Type.Enum(volunteerStatuses),
  registeredOn: Type.String(),
  selfSupporting: Type.Boolean(),
  guardianName: Nullable(Type.String()),
  guardianRelation: Nullable(Type.String()),
  guardianConsentOn: Nullable(Type.String()),
  skills: Type.Array(Type.String()),
  areas: Type.Array(Type.String()),
  trainings: Type.Array(Type.String()),
  insuredUntil: Nullable(Type.String()),
});
const Consent = {
  selfSupporting: Type.Optional(Type.Boolean()),
  guardianName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  guardianRelation: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  guardianConsentOn: Type.Optional(Nullable(DateStr)),
};
const Profile = {
  skills: Type.Optional(Tags),
  areas: Type.Optional(Tags),
  trainings: Type.Optional(Tags),
  insuredUntil: Type.Optional(Nullable(DateStr)),
};
const Filter = {
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  q: Type.Optional(Type.String({ maxLength: 50 })),
  skill: Type.Optional(Type.String({ maxLength: 30 })),
  area: Type.Optional(Type.String({ maxLength: 30 })),
  status: Type.Optional(Type.Enum(volunteerStatuses)),
  registeredFrom: Type.Optional(DateStr),
  registeredTo: Type.Optional(DateStr),
};
const Id = Type.Object({ id: Type.String() });
const withProblems = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };

const exportColumns: Column[] = [
  { key: 'number', header: { 'zh-CN': '志愿者编号', 'en-US': 'Volunteer number' }, width: 18 },
  { key: 'name', header: { 'zh-CN': '姓名', 'en-US': 'Name' }, width: 10 },
  { key: 'gender', header: { 'zh-CN': '性别', 'en-US': 'Gender' }, width: 6 },
  { key: 'birthDate', header: { 'zh-CN': '出生日期', 'en-US': 'Birth date' }, width: 12 },
  { key: 'idNumber', header: { 'zh-CN': '身份证号（脱敏）', 'en-US': 'ID number (masked)' }, width: 20 },
  { key: 'phone', header: { 'zh-CN': '手机号（脱敏）', 'en-US': 'Phone (masked)' }, width: 14 },
  { key: 'orgName', header: { 'zh-CN': '注册组织', 'en-US': 'Org' }, width: 28 },
  { key: 'registeredOn', header: { 'zh-CN': '注册日期', 'en-US': 'Registered on' }, width: 12 },
  { key: 'status', header: { 'zh-CN': '状态', 'en-US': 'Status' }, width: 8 },
  { key: 'skills', header: { 'zh-CN': '技能', 'en-US': 'Skills' }, width: 20 },
  { key: 'areas', header: { 'zh-CN': '服务领域', 'en-US': 'Service areas' }, width: 20 },
  { key: 'insuredUntil', header: { 'zh-CN': '保险有效期至', 'en-US': 'Insured until' }, width: 12 },
  { key: 'guardian', header: { 'zh-CN': '监护人同意', 'en-US': 'Guardian consent' }, width: 20 },
];
const statusText = {
  active: { 'zh-CN': '在册', 'en-US': 'Active' },
  suspended: { 'zh-CN': '暂停', 'en-US': 'Suspended' },
  left: { 'zh-CN': '注销', 'en-US': 'Left' },
};

export async function volunteersRoutes(fastify: FastifyInstance, opts: { db: Db; pii: Pii }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, pii } = opts;

  app.get(
    '/volunteers',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: {
        summary: 'List volunteers in scope',
        querystring: Type.Object({ ...PageQuery, ...Filter }),
        response: { 200: Type.Object({ items: Type.Array(VolunteerOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const rows = await listVolunteers(db, actorOf(request), { ...request.query, after: afterId(request.query.cursor), limit });
      const page = rows.slice(0, limit);
      return { items: page.map((r) => presentVolunteer(r.v, r.p, r.orgName)), nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.v.id) };
    },
  );

  app.get(
    '/volunteers/export',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: {
        summary: 'Export volunteers to Excel',
        querystring: Type.Object(Filter),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (request, reply) => {
      const conds = await volunteerFilter(db, actorOf(request), request.query);
      const rows = await db
        .select({ v: volunteer, p: person, orgName: org.name })
        .from(volunteer)
        .innerJoin(person, eq(person.id, volunteer.personId))
        .innerJoin(org, eq(org.id, volunteer.orgId))
        .where(and(...conds))
        .orderBy(asc(volunteer.number))
        .limit(200_000);
      const lang = request.lang;
      const buf = await buildWorkbook(
        lang === 'zh-CN' ? '志愿者' : 'Volunteers',
        exportColumns,
        rows.map(({ v, p, orgName }) => ({
          number: v.number,
          name: p.name,
          gender: p.gender === 'M' ? (lang === 'zh-CN' ? '男' : 'M') : lang === 'zh-CN' ? '女' : 'F',
          birthDate: p.birthDate,
          idNumber: p.idNumberMasked,
          phone: p.phoneMasked,
          orgName,
          registeredOn: v.registeredOn,
          status: statusText[v.status][lang],
          skills: v.skills.join('、'),
          areas: v.areas.join('、'),
          insuredUntil: v.insuredUntil,
          guardian: v.guardianName ? `${v.guardianName}（${v.guardianRelation}，${v.guardianConsentOn}）` : v.selfSupporting ? '自立' : '',
        })),
        lang,
      );
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('志愿者.xlsx')}`)
        .send(buf);
    },
  );

  app.post(
    '/volunteers',
    {
      config: { access: { permission: 'volunteer.write' } },
      schema: {
        summary: 'Register a volunteer',
        description:
          'An ID number kept outside the caller scope answers 202 with a link request to the keeping org (or the person), and nothing about the person.',
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          personId: Type.Optional(Type.String({ format: 'uuid' })),
          person: Type.Optional(
            Type.Object({
              name: Type.String({ maxLength: 100 }),
              idNumber: Type.String({ maxLength: 30 }),
              phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
            }),
          ),
          registeredOn: Type.Optional(DateStr),
          ...Consent,
          ...Profile,
        }),
        response: { 201: VolunteerOut, 202: LinkRequestedOut, ...withProblems },
      },
    },
    async (request, reply) => {
      const row = await registerVolunteer(db, pii, actorOf(request), request.body);
      // A person kept outside the caller's scope: a link request, and nothing about them.
      if (isLinkRequested(row)) return reply.code(202).send(linkRequestedAnswer(row, request.lang));
      const full = await loadVolunteer(db, row.id);
      if (!full) throw new Error('just created');
      return reply.code(201).send(presentVolunteer(full.v, full.p, full.orgName));
    },
  );

  app.get(
    '/volunteers/:id',
    {
      config: { access: { permission: 'volunteer.read', entity: 'volunteer' } },
      schema: { summary: 'Get a volunteer', params: Id, response: { 200: VolunteerOut, ...errorResponses } },
    },
    async (request) => {
      const full = await loadVolunteer(db, request.params.id);
      if (!full) throw new Error('checked by the access hook');
      return presentVolunteer(full.v, full.p, full.orgName);
    },
  );

  app.patch(
    '/volunteers/:id',
    {
      config: { access: { permission: 'volunteer.write', entity: 'volunteer' } },
      schema: {
        summary: 'Update a volunteer',
        params: Id,
        body: Type.Object({ ...Profile, status: Type.Optional(Type.Enum(volunteerStatuses)) }),
        response: { 200: VolunteerOut, ...withProblems },
      },
    },
    async (request) => {
      await updateVolunteer(db, actorOf(request), request.params.id, request.body);
      const full = await loadVolunteer(db, request.params.id);
      if (!full) throw new Error('exists');
      return presentVolunteer(full.v, full.p, full.orgName);
    },
  );

  app.get(
    '/self/volunteer',
    {
      config: { access: { self: true } },
      schema: {
        summary: 'Get my volunteer record',
        response: { 200: Type.Object({ volunteer: Nullable(VolunteerOut) }), ...errorResponses, 422: Type.Ref('Problem') },
      },
    },
    async (request) => {
      const v = await findVolunteerByPerson(db, await personOf(db, actorOf(request)));
      const full = v ? await loadVolunteer(db, v.id) : null;
      return { volunteer: full ? presentVolunteer(full.v, full.p, full.orgName) : null };
    },
  );

  app.post(
    '/self/volunteer',
    {
      config: { access: { self: true } },
      schema: {
        summary: 'Register myself as a volunteer',
        body: Type.Object({ orgId: Type.Integer({ minimum: 1 }), ...Consent, ...Profile }),
        response: { 201: VolunteerOut, ...withProblems },
      },
    },
    async (request, reply) => {
      const row = await registerSelf(db, pii, actorOf(request), request.body);
      const full = await loadVolunteer(db, row.id);
      if (!full) throw new Error('just created');
      return reply.code(201).send(presentVolunteer(full.v, full.p, full.orgName));
    },
  );
}
