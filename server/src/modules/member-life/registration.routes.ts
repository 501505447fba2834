import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import { listScope } from '../../platform/access/scope.ts';
import { chinaToday, yearOf } from '../../platform/dates.ts';
import { AppError, errors } from '../../platform/errors.ts';
import { actorOf, errorResponses, Nullable } from '../../platform/http.ts';
import type { ModuleRoutes } from '../../platform/module.ts';
import { history } from '../../platform/workflow/workflow.ts';
import { personOf } from '../accounts/index.ts';
import { activeMemberOfPerson, loadMember } from './member-life.common.ts';
import { memberLifeErrors } from './member-life.errors.ts';
import { reviewGrades } from './member-life.schema.ts';
import { deferRegistration, latestGrade, registerMember, registrationProblem, registrationsOf } from './registration.service.ts';
import { decideReview, gradeLabels, proposeReview, reviewWithGrades, reviewWorkflow } from './review.service.ts';

const Registration = Type.Object({
  id: Type.String(),
  memberId: Type.String(),
  orgId: Type.Integer(),
  year: Type.Integer(),
  status: Type.String(),
  registeredOn: Nullable(Type.String()),
  deferredUntil: Nullable(Type.String()),
  deferReason: Nullable(Type.String()),
});
type RegistrationRow = {
  id: string;
  memberId: string;
  orgId: number;
  year: number;
  status: string;
  registeredOn: string | null;
  deferredUntil: string | null;
  deferReason: string | null;
};
const presentRegistration = (r: RegistrationRow) => ({
  id: r.id,
  memberId: r.memberId,
  orgId: r.orgId,
  year: r.year,
  status: r.status,
  registeredOn: r.registeredOn,
  deferredUntil: r.deferredUntil,
  deferReason: r.deferReason,
});
const MemberRegistrations = Type.Object({
  memberId: Type.String(),
  name: Type.String(),
  year: Type.Integer(),
  latestGrade: Nullable(Type.String()),
  canRegister: Type.Boolean(),
  problem: Nullable(Type.String()),
  items: Type.Array(Registration),
});
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const ok = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };

const ReviewSummary = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  year: Type.Integer(),
  status: Type.String(),
  statusLabel: Type.String(),
  heldOn: Type.String(),
  expected: Type.Integer(),
  attended: Type.Integer(),
  reviewed: Type.Integer(),
  excellent: Type.Integer(),
  qualified: Type.Integer(),
  basic: Type.Integer(),
  unqualified: Type.Integer(),
  decisionNote: Nullable(Type.String()),
});
type ReviewSummaryRow = {
  id: string;
  org_id: number;
  org_name: string;
  year: number;
  status: 'proposed' | 'approved' | 'rejected';
  held_on: string;
  expected: number;
  attended: number;
  reviewed: number;
  excellent: number;
  qualified: number;
  basic: number;
  unqualified: number;
  decision_note: string | null;
};
const reviewSummarySql = sql`
  select r.id, r.org_id, o.name as org_name, r.year, r.status, r.held_on, r.expected, r.attended, r.decision_note,
    count(g.member_id)::int as reviewed,
    count(*) filter (where g.grade = 'excellent')::int as excellent,
    count(*) filter (where g.grade = 'qualified')::int as qualified,
    count(*) filter (where g.grade = 'basic')::int as basic,
    count(*) filter (where g.grade = 'unqualified')::int as unqualified
  from branch_review r join org o on o.id = r.org_id left join review_grade g on g.review_id = r.id`;

export const registrationRoutes: ModuleRoutes = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const lang = (l: 'zh-CN' | 'en-US') => l;

  const memberRegistrations = async (memberId: string, year: number, l: 'zh-CN' | 'en-US') => {
    const m = await loadMember(db, memberId);
    if (!m) throw errors.notFound('member');
    const problem = m.status === 'active' ? await registrationProblem(db, m, year) : memberLifeErrors.member_left('memberId');
    const g = await latestGrade(db, m.id, year);
    return {
      memberId: m.id,
      name: m.name,
      year,
      latestGrade: g ? gradeLabels[g.grade][l] : null,
      canRegister: !problem,
      problem: problem ? problem.messages[l] : null,
      items: (await registrationsOf(db, m.id)).map(presentRegistration),
    };
  };

  app.get(
    '/members/:id/registrations',
    {
      config: { access: { permission: 'member.read', entity: 'member' } },
      schema: {
        summary: "List a member's annual registrations",
        params: Type.Object({ id: Type.String() }),
        querystring: Type.Object({ year: Type.Optional(Year) }),
        response: { 200: MemberRegistrations, ...errorResponses },
      },
    },
    async (request) => memberRegistrations(request.params.id, request.query.year ?? yearOf(chinaToday()), lang(request.lang)),
  );

  app.get(
    '/me/registration',
    { config: { access: { self: true } }, schema: { summary: 'Get my annual registration', response: { 200: MemberRegistrations, ...ok } } },
    async (request) => {
      const m = await activeMemberOfPerson(db, await personOf(db, actorOf(request)));
      return memberRegistrations(m.id, yearOf(chinaToday()), request.lang);
    },
  );

  app.post(
    '/registrations',
    {
      config: { access: { permission: 'member.write' } },
      schema: {
        summary: 'Register a member for the year',
        body: Type.Object({ memberId: Type.String({ format: 'uuid' }), year: Year, registeredOn: Type.Optional(Type.String({ maxLength: 10 })) }),
        response: { 201: Registration, ...ok },
      },
    },
    async (request, reply) => reply.code(201).send(presentRegistration(await registerMember(db, actorOf(request), request.body, chinaToday()))),
  );

  app.post(
    '/registrations/bulk',
    {
      config: { access: { permission: 'member.write' } },
      schema: {
        summary: 'Register members in bulk',
        body: Type.Object({
          memberIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 500 }),
          year: Year,
          registeredOn: Type.Optional(Type.String({ maxLength: 10 })),
        }),
        response: {
          200: Type.Object({
            results: Type.Array(Type.Object({ memberId: Type.String(), ok: Type.Boolean(), status: Type.Integer(), message: Type.Optional(Type.String()) })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const results = [];
      for (const memberId of new Set(request.body.memberIds)) {
        try {
          await registerMember(db, actorOf(request), { memberId, year: request.body.year, registeredOn: request.body.registeredOn }, chinaToday());
          results.push({ memberId, ok: true, status: 201 });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          results.push({ memberId, ok: false, status: err.status, message: err.messages[request.lang] });
        }
      }
      return { results };
    },
  );

  app.post(
    '/registrations/defer',
    {
      config: { access: { permission: 'member.write' } },
      schema: {
        summary: "Defer a member's registration",
        body: Type.Object({
          memberId: Type.String({ format: 'uuid' }),
          year: Year,
          months: Type.Integer(),
          reason: Type.String({ maxLength: 500 }),
          deferredOn: Type.Optional(Type.String({ maxLength: 10 })),
        }),
        response: { 201: Registration, ...ok },
      },
    },
    async (request, reply) => reply.code(201).send(presentRegistration(await deferRegistration(db, actorOf(request), request.body, chinaToday()))),
  );

  // ---- annual review ----
  app.get(
    '/reviews',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List annual reviews',
        querystring: Type.Object({
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          year: Type.Optional(Year),
          status: Type.Optional(Type.String({ maxLength: 20 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(ReviewSummary) }), ...errorResponses },
      },
    },
    async (request) => {
      const scope = await listScope(db, actorOf(request), 'member.read', request.query.orgId);
      const year = request.query.year ?? yearOf(chinaToday());
      const res = await db.execute<ReviewSummaryRow>(sql`${reviewSummarySql}
        where ${scope.where(sql`o.path`)} and r.year = ${year} ${request.query.status ? sql`and r.status = ${request.query.status}` : sql``}
        group by r.id, o.name order by r.held_on desc, r.id limit 500`);
      return {
        items: res.rows.map((r) => ({
          id: r.id,
          orgId: r.org_id,
          orgName: r.org_name,
          year: r.year,
          status: r.status,
          statusLabel: reviewWorkflow.states[r.status][request.lang],
          heldOn: r.held_on,
          expected: r.expected,
          attended: r.attended,
          reviewed: r.reviewed,
          excellent: r.excellent,
          qualified: r.qualified,
          basic: r.basic,
          unqualified: r.unqualified,
          decisionNote: r.decision_note,
        })),
      };
    },
  );

  const Grade = Type.Object({ memberId: Type.String({ format: 'uuid' }), grade: Type.Enum(reviewGrades) });

  app.post(
    '/reviews',
    {
      config: { access: { permission: 'member.write' } },
      schema: {
        summary: 'Submit an annual review',
        body: Type.Object({
          orgId: Type.Integer({ minimum: 1 }),
          year: Year,
          heldOn: Type.String({ maxLength: 10 }),
          expected: Type.Integer(),
          attended: Type.Integer(),
          grades: Type.Array(Grade, { maxItems: 1000 }),
        }),
        response: { 201: Type.Object({ id: Type.String() }), ...ok },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await proposeReview(db, actorOf(request), request.body, chinaToday()) }),
  );

  app.get(
    '/reviews/:id',
    {
      config: { access: { permission: 'member.read', entity: 'review' } },
      schema: {
        summary: 'Get an annual review',
        params: Type.Object({ id: Type.String() }),
        response: {
          200: Type.Object({
            id: Type.String(),
            orgId: Type.Integer(),
            year: Type.Integer(),
            status: Type.String(),
            heldOn: Type.String(),
            expected: Type.Integer(),
            attended: Type.Integer(),
            grades: Type.Array(Type.Object({ memberId: Type.String(), name: Type.String(), grade: Type.String(), gradeLabel: Type.String() })),
            history: Type.Array(
              Type.Object({
                action: Type.String(),
                toState: Type.String(),
                at: Type.String(),
                actor: Nullable(Type.String()),
                comment: Nullable(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const r = await reviewWithGrades(db, request.params.id);
      if (!r) throw errors.notFound('review');
      const names = await db.execute<{ id: string; name: string }>(
        sql`select m.id, p.name from member m join person p on p.id = m.person_id join review_grade g on g.member_id = m.id where g.review_id = ${r.id}`,
      );
      const nameOf = new Map(names.rows.map((n) => [n.id, n.name]));
      const steps = await history(db, reviewWorkflow, r.id);
      return {
        id: r.id,
        orgId: r.orgId,
        year: r.year,
        status: r.status,
        heldOn: r.heldOn,
        expected: r.expected,
        attended: r.attended,
        grades: r.grades.map((g) => ({
          memberId: g.memberId,
          name: nameOf.get(g.memberId) ?? '',
          grade: g.grade,
          gradeLabel: gradeLabels[g.grade][request.lang],
        })),
        history: steps.map((s) => ({ action: s.action, toState: s.toState, at: s.at.toISOString(), actor: s.actorUsername, comment: s.comment })),
      };
    },
  );

  for (const action of ['approve', 'reject'] as const) {
    app.post(
      `/reviews/:id/${action}`,
      {
        config: { access: { permission: 'member.approve', entity: 'review' } },
        schema: {
          summary: action === 'approve' ? 'Approve an annual review' : 'Reject an annual review',
          params: Type.Object({ id: Type.String() }),
          body: Type.Object({ reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }),
          response: { 200: Type.Object({ id: Type.String(), status: Type.String() }), ...ok },
        },
      },
      async (request) => {
        const after = await decideReview(db, actorOf(request), request.params.id, action, request.body.reason ?? null, chinaToday());
        return { id: request.params.id, status: after?.status ?? action };
      },
    );
  }
};
