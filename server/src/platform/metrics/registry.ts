import type { Db } from '../../db/client.ts';
import type { OrgScope } from '../access/scope.ts';
import type { Lang, Messages } from '../errors.ts';

export type MetricContext = {
  db: Db;
  /** the subtrees counted: `scope.where(org.path)` on the rows' org path */
  scope: OrgScope;
  /** inclusive dates, YYYY-MM-DD */
  from: string;
  to: string;
  lang: Lang;
};

export type MetricValue = { group: string | null; value: number };
/** A rate's parts: the registry divides, so a total over groups is Σ numerator / Σ denominator. */
export type RatioValue = { group: string | null; numerator: number; denominator: number };
export type MetricRows = { columns: { key: string; label: string }[]; items: Record<string, unknown>[]; nextCursor: string | null };

/**
 * A figure a module contributes. Dashboards, targets, rankings and reports all read it
 * from here, so the number is computed one way and the rows behind it can be listed.
 */
type MetricBase = {
  key: string;
  label: Messages;
  unit: Messages;
  description?: Messages;
  dimensions: { key: string; label: Messages }[];
  groupLabel: (dimension: string, value: string | null, lang: Lang) => string;
  rows: (ctx: MetricContext, q: { groupBy: string | null; group: string | null; cursor: string | null; limit: number }) => Promise<MetricRows>;
};

/**
 * `sum` (the default): counts and amounts, the total is the sum of the groups.
 * `ratio`: percentages; compute gives numerator and denominator per group and the registry
 * turns them into percent (one decimal), the total from the summed parts, never a sum of rates.
 */
export type Metric =
  | (MetricBase & { kind?: 'sum'; compute: (ctx: MetricContext, groupBy: string | null) => Promise<MetricValue[]> })
  | (MetricBase & { kind: 'ratio'; compute: (ctx: MetricContext, groupBy: string | null) => Promise<RatioValue[]> });

/** Percent with one decimal; 0 when there is nothing to measure. */
export function percent(numerator: number, denominator: number): number {
  return denominator > 0 ? Math.round((numerator * 1000) / denominator) / 10 : 0;
}

/**
 * A figure's value(s) as numbers, for consumers that score from it (ratings, targets). For a
 * ratio, `value` is null when the denominator is 0: nothing to measure is not 0%.
 */
export async function computeValues(
  m: Metric,
  ctx: MetricContext,
  groupBy: string | null,
): Promise<{ groups: { group: string | null; value: number | null; numerator?: number; denominator?: number }[]; total: number | null }> {
  if (m.kind === 'ratio') {
    const parts = await m.compute(ctx, groupBy);
    const num = parts.reduce((s, p) => s + p.numerator, 0);
    const den = parts.reduce((s, p) => s + p.denominator, 0);
    return {
      groups: parts.map((p) => ({ ...p, value: p.denominator > 0 ? percent(p.numerator, p.denominator) : null })),
      total: den > 0 ? percent(num, den) : null,
    };
  }
  const values = await m.compute(ctx, groupBy);
  return { groups: values, total: values.reduce((s, v) => s + v.value, 0) };
}

const metrics = new Map<string, Metric>();

/** Called by the module registry for each module's `metrics`; keys are `module.figure`. */
export function registerMetric(m: Metric): void {
  if (metrics.has(m.key)) throw new Error(`metric ${m.key} registered twice`);
  metrics.set(m.key, m);
}

export function getMetric(key: string): Metric | undefined {
  return metrics.get(key);
}

export function listMetrics(): Metric[] {
  return [...metrics.values()];
}

/** Computes a figure with group labels and a total: the one way every consumer reads it. */
export async function evaluate(m: Metric, ctx: MetricContext, groupBy: string | null) {
  const { groups, total } = await computeValues(m, ctx, groupBy);
  return {
    key: m.key,
    label: m.label[ctx.lang],
    unit: m.unit[ctx.lang],
    kind: m.kind ?? 'sum',
    groupBy,
    total: total ?? 0,
    groups: groupBy
      ? groups.map((v) => ({
          group: v.group,
          label: m.groupLabel(groupBy, v.group, ctx.lang),
          value: v.value ?? 0,
          ...(v.denominator !== undefined ? { numerator: v.numerator ?? 0, denominator: v.denominator } : {}),
        }))
      : [],
    ...(m.kind === 'ratio'
      ? { numerator: groups.reduce((s, g) => s + (g.numerator ?? 0), 0), denominator: groups.reduce((s, g) => s + (g.denominator ?? 0), 0) }
      : {}),
  };
}
