import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { listScope } from '../../platform/access/scope.ts';
import { chinaToday as today, yearOf } from '../../platform/dates.ts';
import type { Lang } from '../../platform/errors.ts';
import { actorOf, afterId, errorResponses, Nullable, nextIdCursor, PageQuery } from '../../platform/http.ts';
import { history } from '../../platform/workflow/workflow.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import { isBranch } from '../../platform/org-tree/org-tree.ts';
import { uploadedFile } from './org-life.routes.ts';
import { branchRating, orglifeFile, ratingGrades, ratingStates } from './org-life.schema.ts';
import { gradeLabels, indicatorDefs, ratingWorkflow, vetoItems, vetoLabels } from './rating.rules.ts';
import { addRatingFile, quotaUnit, quotaUse, reviewRating, saveRating, submitRating, type RatingRow } from './rating.service.ts';

const Id = Type.Object({ id: Type.String() });
const Grade = Type.Enum(ratingGrades);
const Indicator = Type.Object({
  key: Type.String(),
  label: Type.String(),
  max: Type.Integer(),
  score: Type.Integer(),
  source: Type.String(),
  evidence: Nullable(Type.String()),
  detail: Nullable(Type.String()),
});
const RatingOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.Optional(Type.String()),
  year: Type.Integer(),
  state: Type.Enum(ratingStates),
  stateLabel: Type.String(),
  indicators: Type.Array(Indicator),
  vetoes: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })),
  selfScore: Type.Integer(),
  selfGrade: Grade,
  selfGradeLabel: Type.String(),
  finalScore: Nullable(Type.Integer()),
  finalGrade: Nullable(Grade),
  finalGradeLabel: Nullable(Type.String()),
  reviewComment: Nullable(Type.String()),
  reviewedOn: Nullable(Type.String()),
  files: Type.Optional(Type.Array(Type.Object({ id: Type.String(), fileName: Type.String(), contentType: Type.String(), size: Type.Integer() }))),
  history: Type.Optional(
    Type.Array(
      Type.Object({
        action: Type.String(),
        toState: Type.String(),
        actor: Nullable(Type.String()),
        occurredOn: Nullable(Type.String()),
        comment: Nullable(Type.String()),
      }),
    ),
  ),
});
const Quota = Type.Object({
  unitId: Type.Integer(),
  unitName: Type.String(),
  grade: Type.String(),
  gradeLabel: Type.String(),
  percent: Type.Integer(),
  limit: Type.Integer(),
  used: Type.Integer(),
  branches: Type.Integer(),
});
const Declared = Type.Array(
  Type.Object({ key: Type.String({ maxLength: 50 }), score: Type.Integer(), evidence: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) }),
  { maxItems: 20 },
);
const Vetoes = Type.Array(Type.String({ maxLength: 50 }), { maxItems: 10 });
const writes = { ...errorResponses, 409: Type.Ref('Problem'), 413: Type.Ref('Problem'), 422: Type.Ref('Problem') };

function presentRating(r: RatingRow, lang: Lang) {
  return {
    id: r.id,
    orgId: r.orgId,
    year: r.year,
    state: r.state,
    stateLabel: ratingWorkflow.states[r.state][lang],
    indicators: r.indicators.map((i) => ({
      key: i.key,
      label: indicatorDefs.find((d) => d.key === i.key)?.label[lang] ?? i.key,
      max: i.max,
      score: i.score,
      source: i.source,
      evidence: i.evidence ?? null,
      detail: i.detail ?? null,
    })),
    vetoes: r.vetoes.map((v) => ({ key: v, label: vetoLabels[v as keyof typeof vetoLabels]?.[lang] ?? v })),
    selfScore: r.selfScore,
    selfGrade: r.selfGrade,
    selfGradeLabel: gradeLabels[r.selfGrade][lang],
    finalScore: r.finalScore,
    finalGrade: r.finalGrade,
    finalGradeLabel: r.finalGrade ? gradeLabels[r.finalGrade][lang] : null,
    reviewComment: r.reviewComment,
    reviewedOn: r.reviewedOn,
  };
}

export async function ratingRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  const Opt = Type.Object({ value: Type.String(), label: Type.String() });

  app.get(
    '/ratings/meta',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        summary: 'Get rating levels and options',
        response: {
          200: Type.Object({
            indicators: Type.Array(
              Type.Object({ key: Type.String(), label: Type.String(), max: Type.Integer(), source: Type.String(), metric: Nullable(Type.String()) }),
            ),
            vetoes: Type.Array(Opt),
            grades: Type.Array(Opt),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      indicators: indicatorDefs.map((d) => ({ key: d.key, label: d.label[request.lang], max: d.max, source: d.source, metric: d.metric ?? null })),
      vetoes: vetoItems.map((value) => ({ value, label: vetoLabels[value][request.lang] })),
      grades: ratingGrades.map((value) => ({ value, label: gradeLabels[value][request.lang] })),
    }),
  );

  app.get(
    '/ratings',
    {
      config: { access: { permission: 'member.read' } },
      schema: {
        summary: 'List branch ratings',
        querystring: Type.Object({
          ...PageQuery,
          orgId: Type.Optional(Type.Integer({ minimum: 1 })),
          year: Type.Optional(Type.Integer({ minimum: 2019, maximum: 2100 })),
          state: Type.Optional(Type.Enum(ratingStates)),
        }),
        response: { 200: Type.Object({ items: Type.Array(RatingOut), nextCursor: Nullable(Type.String()), quotas: Type.Array(Quota) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 50;
      const actor = actorOf(request);
      const scope = await listScope(db, actor, 'member.read', q.orgId);
      const conds: SQL[] = [scope.where(org.path)];
      if (q.year) conds.push(eq(branchRating.year, q.year));
      if (q.state) conds.push(eq(branchRating.state, q.state));
      const after = afterId(q.cursor);
      if (after) conds.push(sql`${branchRating.id} < ${after}`);
      const rows = await db
        .select({ r: branchRating, orgName: org.name })
        .from(branchRating)
        .innerJoin(org, eq(org.id, branchRating.orgId))
        .where(and(...conds))
        .orderBy(desc(branchRating.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      // Quota use of the unit the given org belongs to (its county), for the reviewer to see.
      let quotas: { unitId: number; unitName: string; grade: string; gradeLabel: string; percent: number; limit: number; used: number; branches: number }[] =
        [];
      const o = scope.org;
      if (o) {
        const unit = isBranch(o) || o.depth > 2 ? await quotaUnit(db, o) : o;
        const year = q.year ?? yearOf(today());
        quotas = (await quotaUse(db, unit, year)).map((x) => ({
          unitId: unit.id,
          unitName: unit.name,
          grade: x.grade,
          gradeLabel: gradeLabels[x.grade][request.lang],
          percent: x.percent,
          limit: x.limit,
          used: x.used,
          branches: x.branches,
        }));
      }
      return {
        items: page.map((r) => ({ ...presentRating(r.r, request.lang), orgName: r.orgName })),
        nextCursor: nextIdCursor(rows.length > limit, page.at(-1)?.r.id),
        quotas,
      };
    },
  );

  app.post(
    '/ratings',
    {
      config: { access: { permission: 'orglife.write' } },
      schema: {
        summary: 'Start a branch rating',
        body: Type.Object({ orgId: Type.Integer({ minimum: 1 }), year: Type.Integer(), declared: Declared, vetoes: Type.Optional(Vetoes) }),
        response: { 200: RatingOut, ...writes },
      },
    },
    async (request) => presentRating(await saveRating(db, actorOf(request), { ...request.body, vetoes: request.body.vetoes ?? [] }, today()), request.lang),
  );

  app.get(
    '/ratings/:id',
    {
      config: { access: { permission: 'member.read', entity: 'rating' } },
      schema: { summary: 'Get a branch rating', params: Id, response: { 200: RatingOut, ...errorResponses } },
    },
    async (request) => {
      const [row] = await db
        .select({ r: branchRating, orgName: org.name })
        .from(branchRating)
        .innerJoin(org, eq(org.id, branchRating.orgId))
        .where(eq(branchRating.id, request.params.id));
      if (!row) throw new Error('checked by the access hook');
      const files = await db
        .select({ id: orglifeFile.id, fileName: orglifeFile.fileName, contentType: orglifeFile.contentType, size: orglifeFile.size })
        .from(orglifeFile)
        .where(and(eq(orglifeFile.ownerKind, 'rating'), eq(orglifeFile.ownerId, row.r.id), eq(orglifeFile.status, 'active')))
        .orderBy(asc(orglifeFile.id));
      const steps = await history(db, ratingWorkflow, row.r.id);
      return {
        ...presentRating(row.r, request.lang),
        orgName: row.orgName,
        files,
        history: steps.map((s) => ({ action: s.action, toState: s.toState, actor: s.actorUsername, occurredOn: s.occurredOn, comment: s.comment })),
      };
    },
  );

  app.post(
    '/ratings/:id/submit',
    {
      config: { access: { permission: 'orglife.write', entity: 'rating' } },
      schema: { summary: 'Submit a branch rating', params: Id, response: { 200: RatingOut, ...writes } },
    },
    async (request) => presentRating(await submitRating(db, actorOf(request), request.params.id, today()), request.lang),
  );

  app.post(
    '/ratings/:id/review',
    {
      config: { access: { permission: 'member.approve', entity: 'rating' } },
      schema: {
        summary: 'Review a branch rating',
        params: Id,
        body: Type.Object({
          action: Type.Union([Type.Literal('approve'), Type.Literal('return')]),
          comment: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
          declared: Type.Optional(Declared),
          vetoes: Type.Optional(Vetoes),
        }),
        response: { 200: RatingOut, ...writes },
      },
    },
    async (request) => presentRating(await reviewRating(db, actorOf(request), request.params.id, request.body, today()), request.lang),
  );

  app.post(
    '/ratings/:id/files',
    {
      config: { access: { permission: 'orglife.write', entity: 'rating' } },
      schema: {
        summary: 'Attach a file to a rating',
        params: Id,
        consumes: ['multipart/form-data'],
        response: { 201: Type.Object({ id: Type.String(), fileName: Type.String(), contentType: Type.String(), size: Type.Integer() }), ...writes },
      },
    },
    async (request, reply) => reply.code(201).send(await addRatingFile(db, actorOf(request), request.params.id, await uploadedFile(request))),
  );
}
