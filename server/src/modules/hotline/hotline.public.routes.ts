// The phone pages' routes, without sign-in: a youth asks for help, a caller answers the survey.
import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { errors } from '../../platform/errors.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { Nullable } from '../../platform/http.ts';
import type { Pii } from '../../platform/pii.ts';
import { getSetting } from '../../platform/settings/settings.ts';
import { categoriesSetting, CategoriesSchema } from './hotline.rules.ts';
import { answerSurvey, createCase, surveyOf } from './hotline.service.ts';

const Problems = { 400: Type.Ref('Problem'), 404: Type.Ref('Problem'), 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };
const Token = Type.Object({ token: Type.String({ maxLength: 100 }) });

export async function hotlinePublicRoutes(fastify: FastifyInstance, opts: { db: Db; pii: Pii }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, pii } = opts;

  app.get(
    '/public/hotline/categories',
    {
      config: { access: { public: true }, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        summary: 'Categories for the help page of an org',
        querystring: Type.Object({ orgId: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Object({ categories: CategoriesSchema }), 400: Type.Ref('Problem'), 404: Type.Ref('Problem') },
      },
    },
    async (request) => {
      const o = await findOrg(db, request.query.orgId);
      if (!o || o.status !== 'active') throw errors.notFound('org');
      return { categories: await getSetting(db, o.path, categoriesSetting) };
    },
  );

  app.post(
    '/public/hotline/cases',
    {
      // A youth asks for help from the phone; a low limit per address keeps the form from being flooded.
      config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        summary: 'Ask for help (12355, from the phone page)',
        description: 'Anonymous allowed. A repeated submissionKey answers the first case again.',
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          category: Type.String({ minLength: 1, maxLength: 20 }),
          summary: Type.String({ minLength: 1, maxLength: 2000 }),
          anonymous: Type.Boolean(),
          callerName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
          callerPhone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
          callerAge: Type.Optional(Nullable(Type.Integer({ minimum: 6, maximum: 60 }))),
          /** "I am in danger now": taken in as high risk, the org's supervisors told at once */
          urgent: Type.Optional(Type.Boolean()),
          submissionKey: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
        }),
        response: { 201: Type.Object({ number: Type.String() }), 200: Type.Object({ number: Type.String() }), ...Problems },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const { row, created } = await createCase(db, pii, null, {
        orgId: b.orgId,
        channel: 'mobile',
        category: b.category,
        risk: b.urgent ? 'high' : 'medium',
        anonymous: b.anonymous,
        callerName: b.callerName,
        callerPhone: b.callerPhone,
        callerAge: b.callerAge,
        summary: b.summary,
        submissionKey: b.submissionKey,
      });
      return reply.code(created ? 201 : 200).send({ number: row.number });
    },
  );

  app.get(
    '/public/hotline/survey/:token',
    {
      config: { access: { public: true }, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        summary: 'Open a satisfaction survey link',
        params: Token,
        response: { 200: Type.Object({ orgName: Type.String(), category: Type.String(), closedOn: Type.String() }), ...Problems },
      },
    },
    async (request) => surveyOf(db, request.params.token),
  );

  app.post(
    '/public/hotline/survey/:token',
    {
      config: { access: { public: true }, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        summary: 'Answer a satisfaction survey (once)',
        params: Token,
        body: Type.Object({
          score: Type.Integer({ minimum: 1, maximum: 5 }),
          resolved: Type.Optional(Nullable(Type.Boolean())),
          comment: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
        }),
        response: { 204: Type.Null(), ...Problems },
      },
    },
    async (request, reply) => {
      await answerSurvey(db, request.params.token, request.body, { requestId: request.id, ip: request.ip });
      return reply.code(204).send(null);
    },
  );
}
