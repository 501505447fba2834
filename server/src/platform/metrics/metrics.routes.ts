import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { listScope } from '../access/scope.ts';
import { chinaToday } from '../dates.ts';
import { errors } from '../errors.ts';
import { actorOf, Cursor, errorResponses, Nullable } from '../http.ts';
import { installedModules } from '../module.ts';
import { evaluate, getMetric, listMetrics, type Metric, type MetricContext } from './registry.ts';

const MetricQuery = Type.Object({
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  groupBy: Type.Optional(Type.String({ maxLength: 50 })),
});
type MetricQueryT = { orgId?: number; from?: string; to?: string; groupBy?: string };

async function contextFor(db: Db, request: FastifyRequest, key: string, q: MetricQueryT): Promise<{ m: Metric; ctx: MetricContext; groupBy: string | null }> {
  const m = getMetric(key);
  if (!m) throw errors.notFound('metric');
  // every grant of the caller counts: two disjoint grants see the union of both subtrees
  const scope = await listScope(db, actorOf(request), 'metrics.read', q.orgId);
  const year = chinaToday().slice(0, 4);
  const from = q.from ?? `${year}-01-01`;
  const to = q.to ?? `${year}-12-31`;
  if (from > to) throw errors.invalid('from', { 'zh-CN': '开始日期不能晚于结束日期', 'en-US': 'must not be after "to"' });
  const groupBy = q.groupBy || null;
  if (groupBy && !m.dimensions.some((d) => d.key === groupBy)) {
    throw errors.invalid('groupBy', {
      'zh-CN': `可选：${m.dimensions.map((d) => d.key).join('、')}`,
      'en-US': `one of: ${m.dimensions.map((d) => d.key).join(', ')}`,
    });
  }
  return { m, ctx: { db, scope, from, to, lang: request.lang }, groupBy };
}

export async function metricsRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  const tags = ['metrics'];

  app.get(
    '/metrics',
    {
      config: { access: { permission: 'metrics.read' } },
      schema: {
        summary: 'List figures',
        tags,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                key: Type.String(),
                label: Type.String(),
                unit: Type.String(),
                kind: Type.Union([Type.Literal('sum'), Type.Literal('ratio')]),
                module: Type.Object({ name: Type.String(), label: Type.String() }, { description: 'the module that counts it, for grouping on a dashboard' }),
                dimensions: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const owner = new Map(
        installedModules().flatMap((mod) => (mod.metrics ?? []).map((m) => [m.key, { name: mod.name, label: mod.label[request.lang] }] as const)),
      );
      return {
        items: listMetrics().map((m) => ({
          key: m.key,
          label: m.label[request.lang],
          unit: m.unit[request.lang],
          kind: m.kind ?? 'sum',
          module: owner.get(m.key) ?? { name: m.key.split('.')[0] ?? '', label: m.key.split('.')[0] ?? '' },
          dimensions: m.dimensions.map((d) => ({ key: d.key, label: d.label[request.lang] })),
        })),
      };
    },
  );

  app.get(
    '/metrics/:key',
    {
      config: { access: { permission: 'metrics.read' } },
      schema: {
        summary: 'Get a figure',
        tags,
        params: Type.Object({ key: Type.String({ maxLength: 100 }) }),
        querystring: MetricQuery,
        response: {
          200: Type.Object({
            key: Type.String(),
            label: Type.String(),
            unit: Type.String(),
            kind: Type.Union([Type.Literal('sum'), Type.Literal('ratio')]),
            groupBy: Nullable(Type.String()),
            total: Type.Number(),
            // ratio figures: the summed parts behind the total (total = numerator / denominator)
            numerator: Type.Optional(Type.Number()),
            denominator: Type.Optional(Type.Number()),
            groups: Type.Array(
              Type.Object({
                group: Nullable(Type.String()),
                label: Type.String(),
                value: Type.Number(),
                numerator: Type.Optional(Type.Number()),
                denominator: Type.Optional(Type.Number()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { m, ctx, groupBy } = await contextFor(db, request, request.params.key, request.query);
      return evaluate(m, ctx, groupBy);
    },
  );

  app.get(
    '/metrics/:key/rows',
    {
      config: { access: { permission: 'metrics.read' } },
      schema: {
        summary: 'List the rows behind a figure',
        tags,
        params: Type.Object({ key: Type.String({ maxLength: 100 }) }),
        querystring: Type.Intersect([
          MetricQuery,
          Type.Object({
            group: Type.Optional(Type.String({ maxLength: 100 })),
            cursor: Type.Optional(Cursor),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
          }),
        ]),
        response: {
          200: Type.Object({
            columns: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })),
            items: Type.Array(Type.Record(Type.String(), Type.Unknown())),
            nextCursor: Nullable(Type.String()),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { m, ctx, groupBy } = await contextFor(db, request, request.params.key, request.query);
      const q = request.query as MetricQueryT & { group?: string; cursor?: string; limit?: number };
      return m.rows(ctx, { groupBy, group: q.group ?? null, cursor: q.cursor ?? null, limit: q.limit ?? 50 });
    },
  );
}
