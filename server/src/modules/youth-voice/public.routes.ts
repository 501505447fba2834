import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { errors } from '../../platform/errors.ts';
import { Nullable, PageQuery } from '../../platform/http.ts';
import type { ModuleRoutes } from '../../platform/module.ts';
import { publicAnswers, submitQuestion } from './questions.service.ts';
import { claimWish, publicWishes, publicWishExists, submitPublicWish } from './wishes.service.ts';
import { WishBody } from './questions.routes.ts';
import { nextTimeIdCursor, timeIdCursor } from './youth-voice.presenters.ts';
import { ageBandLabels, categoryLabels, wishWorkflow } from './youth-voice.rules.ts';
import { ageBands, questionCategories, questionStatuses, wishStatuses } from './youth-voice.schema.ts';

// The phone pages need no sign-in: anyone may ask, read published answers, offer a wish and claim
// one. Writes are limited per address (like sign-up), reads generously; nothing shown identifies
// an asker or a child.
const publicWrite = { access: { public: true as const }, rateLimit: { max: 10, timeWindow: '1 minute' } };
const publicRead = { access: { public: true as const }, rateLimit: { max: 120, timeWindow: '1 minute' } };
const problems = { 400: Type.Ref('Problem'), 404: Type.Ref('Problem'), 409: Type.Ref('Problem'), 422: Type.Ref('Problem'), 429: Type.Ref('Problem') };
const SubmitKey = Type.Optional(Nullable(Type.String({ format: 'uuid', description: 'one key per form: a double submit or a replay answers the first' })));
const Query = Type.Object({ orgId: Type.Optional(Type.Integer({ minimum: 1 })), ...PageQuery });

export const publicRoutes: ModuleRoutes = async (fastify, { db, pii }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/public/youth-voice/questions',
    {
      config: publicWrite,
      schema: {
        summary: 'Ask a Youth Voice question',
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          category: Type.Enum(questionCategories),
          title: Type.String({ maxLength: 100 }),
          content: Type.String({ maxLength: 2000 }),
          anonymous: Type.Optional(Type.Boolean()),
          askerName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
          phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
          submitKey: SubmitKey,
        }),
        response: { 201: Type.Object({ id: Type.String(), status: Type.Enum(questionStatuses), created: Type.Boolean() }), ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await submitQuestion(db, pii, request.body, { requestId: request.id, ip: request.ip })),
  );

  app.get(
    '/public/youth-voice/answers',
    {
      config: publicRead,
      schema: {
        summary: 'List published Youth Voice answers',
        querystring: Query,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                category: Type.String(),
                categoryLabel: Type.String(),
                title: Type.String(),
                content: Type.String(),
                answer: Type.String(),
                orgName: Type.String(),
                publishedAt: Type.String(),
              }),
            ),
            nextCursor: Nullable(Type.String()),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const limit = Math.min(request.query.limit ?? 20, 50);
      const rows = await publicAnswers(db, { orgId: request.query.orgId, after: timeIdCursor(request.query.cursor), limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => ({
          id: r.id,
          category: r.category,
          categoryLabel: categoryLabels[r.category][request.lang],
          title: r.title,
          content: r.body,
          answer: r.answer ?? '',
          orgName: r.orgName,
          publishedAt: r.publishedAt?.toISOString() ?? '',
        })),
        nextCursor: nextTimeIdCursor(rows.length > limit, last && { key: last.key, id: last.id }),
      };
    },
  );

  app.post(
    '/public/youth-voice/wishes',
    {
      config: publicWrite,
      schema: {
        summary: 'Submit a micro-wish for a child',
        description: 'Lands as submitted; the committee reviews it before anything is published. The child’s data is sealed.',
        body: Type.Intersect([
          Type.Object({
            orgId: Type.Integer({ minimum: 1 }),
            submitterName: Type.String({ maxLength: 30 }),
            submitterPhone: Type.String({ maxLength: 20 }),
            submitKey: SubmitKey,
          }),
          WishBody,
        ]),
        response: { 201: Type.Object({ id: Type.String(), status: Type.Enum(wishStatuses), created: Type.Boolean() }), ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await submitPublicWish(db, pii, request.body, { requestId: request.id, ip: request.ip })),
  );

  app.get(
    '/public/youth-voice/wishes',
    {
      config: publicRead,
      schema: {
        summary: 'List published micro-wishes',
        querystring: Type.Object({ ...Query.properties, open: Type.Optional(Type.Boolean({ description: 'only wishes still waiting for a donor' })) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                wish: Type.String(),
                ageBand: Type.Enum(ageBands),
                ageBandLabel: Type.String(),
                area: Type.String(),
                orgName: Type.String(),
                status: Type.Enum(wishStatuses),
                statusLabel: Type.String(),
                publishedAt: Type.String(),
              }),
            ),
            nextCursor: Nullable(Type.String()),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const limit = Math.min(request.query.limit ?? 20, 50);
      const rows = await publicWishes(db, {
        orgId: request.query.orgId,
        open: request.query.open,
        after: timeIdCursor(request.query.cursor),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => ({
          id: r.id,
          wish: r.wish,
          ageBand: r.ageBand,
          ageBandLabel: ageBandLabels[r.ageBand][request.lang],
          area: r.area,
          orgName: r.orgName,
          status: r.status,
          statusLabel: wishWorkflow.states[r.status][request.lang],
          publishedAt: r.publishedAt?.toISOString() ?? '',
        })),
        nextCursor: nextTimeIdCursor(rows.length > limit, last && { key: last.key, id: last.id }),
      };
    },
  );

  app.post(
    '/public/youth-voice/wishes/:id/claim',
    {
      config: publicWrite,
      schema: {
        summary: 'Claim a published micro-wish as a donor',
        params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
        body: Type.Object({ donorName: Type.String({ maxLength: 50 }), donorPhone: Type.String({ maxLength: 20 }) }),
        response: { 200: Type.Object({ status: Type.Enum(wishStatuses), replay: Type.Boolean() }), ...problems },
      },
    },
    async (request) => {
      // only wishes that were ever published exist for the public
      if (!(await publicWishExists(db, request.params.id))) throw errors.notFound('yvWish');
      return claimWish(db, pii, null, request.params.id, { donorKind: 'person', ...request.body }, { requestId: request.id, ip: request.ip });
    },
  );
};
