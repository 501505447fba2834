import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { requireInScope } from '../../platform/access/scope.ts';
import { chinaToday } from '../../platform/dates.ts';
import { genderLabel, sendList, xlsxType } from '../../platform/excel/excel.ts';
import { actorOf, afterId, errorResponses, noContent, Nullable, nextIdCursor, PageQuery } from '../../platform/http.ts';
import type { Pii } from '../../platform/pii.ts';
import { findOrg } from '../../platform/org-tree/org-tree.ts';
import { personOf } from '../accounts/index.ts';
import { isLinkRequested, linkRequestedAnswer, LinkRequestedOut } from '../people/index.ts';
import { applicationsOfPerson, listApplications, quotaFor } from './development.queries.ts';
import {
  actOnApplication,
  actionPermission,
  applicationQuota,
  applicationSteps,
  createApplication,
  loadApplication,
  presentApplication,
  setCohort,
  type StaffAction,
  withdrawOwn,
} from './development.service.ts';
import { activistRoutes, applicationStages } from './members.schema.ts';
import { NewPersonBody } from './members.routes.ts';

const Str = (max: number) => Type.String({ maxLength: max });
const ApplicationOut = Type.Object({
  id: Type.String(),
  personId: Type.String(),
  name: Type.String(),
  gender: Type.String(),
  birthDate: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  stage: Type.Enum(applicationStages),
  stageLabel: Type.String(),
  open: Type.Boolean(),
  nextAction: Nullable(Type.String()),
  nextActionLabel: Nullable(Type.String()),
  appliedOn: Type.String(),
  activistOn: Nullable(Type.String()),
  activistRoute: Nullable(Type.Enum(activistRoutes)),
  lessonHours: Type.Integer(),
  candidateOn: Nullable(Type.String()),
  sponsor1Id: Nullable(Type.String()),
  sponsor1Name: Nullable(Type.String()),
  sponsor2Id: Nullable(Type.String()),
  sponsor2Name: Nullable(Type.String()),
  reviewedOn: Nullable(Type.String()),
  voteOn: Nullable(Type.String()),
  voteEligible: Nullable(Type.Integer()),
  votePresent: Nullable(Type.Integer()),
  voteYes: Nullable(Type.Integer()),
  approvedOn: Nullable(Type.String()),
  ceremonyOn: Nullable(Type.String()),
  closedOn: Nullable(Type.String()),
  closedReason: Nullable(Type.String()),
  memberId: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const StepOut = Type.Object({
  action: Type.String(),
  actionLabel: Type.String(),
  fromState: Nullable(Type.String()),
  toState: Type.String(),
  actor: Nullable(Type.String()),
  at: Type.String(),
  occurredOn: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  data: Nullable(Type.Record(Type.String(), Type.Unknown())),
});
const Detail = Type.Object({ application: ApplicationOut, steps: Type.Array(StepOut) });
const QuotaOut = Nullable(
  Type.Object({
    orgId: Type.Integer(),
    orgName: Type.String(),
    year: Type.Integer(),
    cohortSize: Type.Integer(),
    percent: Type.Integer(),
    max: Type.Integer(),
    used: Type.Integer(),
  }),
);
const ActionBody = Type.Object({
  date: Str(10),
  comment: Type.Optional(Nullable(Str(1000))),
  route: Type.Optional(Type.Enum(activistRoutes)),
  hours: Type.Optional(Type.Integer()),
  sponsor1Id: Type.Optional(Str(40)),
  sponsor2Id: Type.Optional(Str(40)),
  eligible: Type.Optional(Type.Integer()),
  present: Type.Optional(Type.Integer()),
  yes: Type.Optional(Type.Integer()),
  developmentNumber: Type.Optional(Nullable(Str(20))),
  quotaOverride: Type.Optional(Nullable(Str(500))),
  reason: Type.Optional(Nullable(Str(500))),
});
const ActionOut = Type.Object({
  stage: Type.Enum(applicationStages),
  passed: Type.Optional(Type.Boolean()),
  memberId: Type.Optional(Type.String()),
  developmentNumber: Type.Optional(Type.String()),
});
const IdParam = Type.Object({ id: Type.String() });
const rules = { 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };

export async function developmentRoutes(fastify: FastifyInstance, opts: { db: Db; pii: Pii }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, pii } = opts;

  app.get(
    '/member-applications',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List membership applications',
        querystring: Type.Object({
          ...PageQuery,
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          stage: Type.Optional(Type.Enum(applicationStages)),
          open: Type.Optional(Type.Boolean()),
          q: Type.Optional(Str(50)),
        }),
        response: { 200: Type.Object({ items: Type.Array(ApplicationOut), nextCursor: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const after = afterId(request.query.cursor);
      const rows = await listApplications(db, actorOf(request), { ...request.query, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return { items: page.map((r) => presentApplication(r, request.lang)), nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.a.id) };
    },
  );

  app.get(
    '/member-applications/export',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'Export membership applications to Excel',
        produces: [xlsxType],
        querystring: Type.Object({
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          stage: Type.Optional(Type.Enum(applicationStages)),
          open: Type.Optional(Type.Boolean()),
          q: Type.Optional(Str(50)),
        }),
      },
    },
    async (request, reply) => {
      const rows = (await listApplications(db, actorOf(request), { ...request.query, after: null, limit: 20_000 })).map((r) =>
        presentApplication(r, request.lang),
      );
      type Row = (typeof rows)[number];
      const col = (key: keyof Row & string, zh: string, en: string, width = 12) => ({ key, header: { 'zh-CN': zh, 'en-US': en }, width });
      const votes = (r: Row) => (r.voteOn ? `${r.voteYes ?? 0}/${r.votePresent ?? 0}/${r.voteEligible ?? 0}` : '');
      return sendList(reply, request.lang, {
        sheet: { 'zh-CN': '团员发展', 'en-US': 'Development' },
        fileName: `团员发展-${chinaToday()}.xlsx`,
        rows,
        columns: [
          col('name', '姓名', 'Name'),
          { ...col('gender', '性别', 'Gender', 6), value: (r, l) => genderLabel(r.gender, l) },
          col('birthDate', '出生日期', 'Born'),
          col('orgName', '所在团组织', 'Organization', 28),
          col('stageLabel', '所处阶段', 'Stage'),
          col('appliedOn', '申请日期', 'Applied'),
          col('activistOn', '确定积极分子', 'Activist since'),
          col('lessonHours', '团课学时', 'Lesson hours', 8),
          col('candidateOn', '确定发展对象', 'Candidate since'),
          col('sponsor1Name', '入团介绍人一', 'Sponsor 1'),
          col('sponsor2Name', '入团介绍人二', 'Sponsor 2'),
          col('voteOn', '支部大会日期', 'Vote on'),
          { key: 'votes', header: { 'zh-CN': '赞成/到会/应到', 'en-US': 'Yes/present/eligible' }, width: 14, value: votes },
          col('approvedOn', '批准日期', 'Approved'),
          col('ceremonyOn', '入团仪式', 'Ceremony'),
          col('closedReason', '终止原因', 'Closed because', 16),
        ],
      });
    },
  );

  app.post(
    '/member-applications',
    {
      config: { access: { permission: 'member.write' } },
      schema: {
        summary: 'Create a membership application',
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          personId: Type.Optional(Type.String({ format: 'uuid' })),
          person: Type.Optional(NewPersonBody),
          appliedOn: Str(10),
          comment: Type.Optional(Nullable(Str(1000))),
        }),
        response: { 201: Detail, 202: LinkRequestedOut, ...errorResponses, ...rules },
      },
    },
    async (request, reply) => {
      const id = await createApplication(db, pii, actorOf(request), request.body, chinaToday());
      // A person kept outside the caller's scope: a link request, and nothing about them.
      if (isLinkRequested(id)) return reply.code(202).send(linkRequestedAnswer(id, request.lang));
      return reply
        .code(201)
        .send({ application: presentApplication(await loadApplication(db, id), request.lang), steps: await applicationSteps(db, id, request.lang) });
    },
  );

  app.get(
    '/member-applications/:id',
    {
      config: { access: { permission: 'member.read', entity: 'memberApplication' } },
      schema: { summary: 'Get a membership application', params: IdParam, response: { 200: Detail, ...errorResponses } },
    },
    async (request) => ({
      application: presentApplication(await loadApplication(db, request.params.id), request.lang),
      steps: await applicationSteps(db, request.params.id, request.lang),
    }),
  );

  app.get(
    '/member-applications/:id/quota',
    {
      config: { access: { permission: 'member.read', entity: 'memberApplication' } },
      schema: { summary: 'Get the quota for an application', params: IdParam, response: { 200: Type.Object({ quota: QuotaOut }), ...errorResponses } },
    },
    async (request) => ({ quota: await applicationQuota(db, request.params.id, chinaToday()) }),
  );

  for (const action of Object.keys(actionPermission) as StaffAction[]) {
    app.post(
      `/member-applications/:id/${action}`,
      {
        config: { access: { permission: actionPermission[action], entity: 'memberApplication' } },
        schema: {
          summary: (
            {
              activist: 'Recognise an applicant as an activist',
              lessons: 'Record league lessons',
              candidate: 'Make an applicant a candidate',
              review: 'Record the review of a candidate',
              vote: 'Record the branch vote',
              approve: 'Approve an admission',
              ceremony: 'Record the admission ceremony',
              reject: 'Reject an application',
            } satisfies Record<StaffAction, string>
          )[action],
          params: IdParam,
          body: ActionBody,
          response: { 200: ActionOut, ...errorResponses, ...rules },
        },
      },
      async (request) => actOnApplication(db, actorOf(request), request.params.id, action, request.body, chinaToday()),
    );
  }

  app.get(
    '/member-cohorts',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'Get the admission quota of an org',
        querystring: Type.Object({ orgId: Type.Integer({ minimum: 1 }), year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
        response: { 200: Type.Object({ quota: QuotaOut }), ...errorResponses },
      },
    },
    async (request) => {
      const o = requireInScope(actorOf(request), 'member.read', await findOrg(db, request.query.orgId), 'org');
      return { quota: await quotaFor(db, o, request.query.year ?? Number(chinaToday().slice(0, 4))) };
    },
  );

  app.post(
    '/member-cohorts',
    {
      config: { access: { permission: 'member.approve' } },
      schema: {
        summary: 'Set the admission quota of an org',
        body: Type.Object({ orgId: Type.Integer({ minimum: 1 }), year: Type.Integer(), size: Type.Integer() }),
        response: { 200: Type.Object({ quota: QuotaOut }), ...errorResponses, ...rules },
      },
    },
    async (request) => ({ quota: await setCohort(db, actorOf(request), request.body) }),
  );

  // The applicant's own pages on the phone.
  app.get(
    '/self/member-applications',
    {
      config: { access: { self: true } },
      schema: {
        summary: 'List my membership applications',
        response: { 200: Type.Object({ items: Type.Array(Detail) }), ...errorResponses, 422: Type.Ref('Problem') },
      },
    },
    async (request) => {
      const personId = await personOf(db, actorOf(request));
      const rows = await applicationsOfPerson(db, personId);
      return {
        items: await Promise.all(
          rows.map(async (r) => ({ application: presentApplication(r, request.lang), steps: await applicationSteps(db, r.a.id, request.lang) })),
        ),
      };
    },
  );

  app.post(
    '/self/member-applications',
    {
      config: { access: { self: true } },
      schema: {
        summary: 'Apply for membership',
        body: Type.Object({ orgId: Type.Integer({ minimum: 1 }), appliedOn: Type.Optional(Str(10)), comment: Type.Optional(Nullable(Str(1000))) }),
        response: { 201: Detail, ...errorResponses, ...rules },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const personId = await personOf(db, actor);
      const day = chinaToday();
      const id = await createApplication(
        db,
        pii,
        actor,
        { orgId: request.body.orgId, personId, appliedOn: request.body.appliedOn ?? day, comment: request.body.comment },
        day,
        true,
      );
      if (isLinkRequested(id)) throw new Error('an applicant names their own person');
      return reply
        .code(201)
        .send({ application: presentApplication(await loadApplication(db, id), request.lang), steps: await applicationSteps(db, id, request.lang) });
    },
  );

  app.post(
    '/self/member-applications/:id/withdraw',
    {
      config: { access: { self: true } },
      schema: { summary: 'Withdraw my membership application', params: IdParam, response: { 204: Type.Null(), ...errorResponses, ...rules } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await withdrawOwn(db, actor, await personOf(db, actor), request.params.id, chinaToday());
      return noContent(reply);
    },
  );
}
