import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { actorOf, DateString, errorResponses, IdParam, Nullable, PageQuery } from '../../platform/http.ts';
import { createCounsellor, createLecture, listCounsellors, listLectures, updateCounsellor, updateLecture } from './hotline.roster.ts';
import { groupWorkKinds } from './hotline.schema.ts';

const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 30 });
const CounsellorOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Nullable(Type.String()),
  accountId: Nullable(Type.String()),
  name: Type.String(),
  kind: Type.Union([Type.Literal('counsellor'), Type.Literal('expert')]),
  qualifications: Type.Array(Type.String()),
  categories: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('inactive')]),
});
const ReachUnit = Type.Union([Type.Literal('people'), Type.Literal('person_times')]);
const LectureOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Nullable(Type.String()),
  kind: Type.Enum(groupWorkKinds),
  title: Type.String(),
  heldOn: Type.String(),
  place: Nullable(Type.String()),
  audience: Nullable(Type.String()),
  reach: Type.Integer(),
  reachUnit: ReachUnit,
  counsellorId: Nullable(Type.String()),
  status: Type.Union([Type.Literal('held'), Type.Literal('cancelled')]),
});
const withProblems = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };
const Page = <T extends ReturnType<typeof Type.Object>>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

export async function hotlineRosterRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;

  app.get(
    '/hotline/counsellors',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'List the counsellor roster',
        querystring: Type.Object({
          ...PageQuery,
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
          category: Type.Optional(Type.String({ maxLength: 20 })),
        }),
        response: { 200: Page(CounsellorOut), ...errorResponses },
      },
    },
    async (request) => listCounsellors(db, actorOf(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.post(
    '/hotline/counsellors',
    {
      config: { access: { permission: 'service.write' } },
      schema: {
        summary: 'Add a counsellor to the roster',
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          name: Type.String({ minLength: 1, maxLength: 50 }),
          kind: Type.Union([Type.Literal('counsellor'), Type.Literal('expert')]),
          accountId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
          qualifications: Type.Optional(Tags),
          categories: Type.Optional(Tags),
        }),
        response: { 201: CounsellorOut, ...withProblems },
      },
    },
    async (request, reply) => reply.code(201).send(await createCounsellor(db, actorOf(request), request.body)),
  );

  app.patch(
    '/hotline/counsellors/:id',
    {
      config: { access: { permission: 'service.write', entity: 'hotlineCounsellor' } },
      schema: {
        summary: 'Update a counsellor',
        params: IdParam,
        body: Type.Object({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
          accountId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
          qualifications: Type.Optional(Tags),
          categories: Type.Optional(Tags),
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
        }),
        response: { 200: CounsellorOut, ...withProblems },
      },
    },
    async (request) => updateCounsellor(db, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/hotline/lectures',
    {
      config: { access: { permission: 'service.read' } },
      schema: {
        summary: 'List lectures and group counselling sessions',
        querystring: Type.Object({
          ...PageQuery,
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          kind: Type.Optional(Type.Enum(groupWorkKinds)),
          from: Type.Optional(DateString),
          to: Type.Optional(DateString),
        }),
        response: { 200: Page(LectureOut), ...errorResponses },
      },
    },
    async (request) => listLectures(db, actorOf(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.post(
    '/hotline/lectures',
    {
      config: { access: { permission: 'service.write' } },
      schema: {
        summary: 'Record a lecture or group counselling session',
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          kind: Type.Enum(groupWorkKinds),
          title: Type.String({ minLength: 1, maxLength: 100 }),
          heldOn: DateString,
          place: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
          audience: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
          reach: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
          reachUnit: ReachUnit,
          counsellorId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
        }),
        response: { 201: LectureOut, ...withProblems },
      },
    },
    async (request, reply) => reply.code(201).send(await createLecture(db, actorOf(request), request.body)),
  );

  app.patch(
    '/hotline/lectures/:id',
    {
      config: { access: { permission: 'service.write', entity: 'hotlineLecture' } },
      schema: {
        summary: 'Update or cancel a lecture',
        params: IdParam,
        body: Type.Object({
          title: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          place: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
          audience: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
          reach: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
          reachUnit: Type.Optional(ReachUnit),
          status: Type.Optional(Type.Union([Type.Literal('held'), Type.Literal('cancelled')])),
        }),
        response: { 200: LectureOut, ...withProblems },
      },
    },
    async (request) => updateLecture(db, actorOf(request), request.params.id, request.body),
  );
}
