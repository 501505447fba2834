import type { Db } from '../../db/client.ts';
import type { Lang, Messages } from '../errors.ts';

export type MetricContext = {
  db: Db;
  /** ltree path of the org whose subtree is counted */
  scopePath: string;
  /** inclusive dates, YYYY-MM-DD */
  from: string;
  to: string;
  lang: Lang;
};

export type MetricValue = { group: string | null; value: number };
export type MetricRows = { columns: { key: string; label: string }[]; items: Record<string, unknown>[]; nextCursor: string | null };

/**
 * A figure a module contributes. Dashboards, targets, rankings and reports all read it
 * from here, so the number is computed one way and the rows behind it can be listed.
 */
export type Metric = {
  key: string;
  label: Messages;
  unit: Messages;
  description?: Messages;
  dimensions: { key: string; label: Messages }[];
  compute: (ctx: MetricContext, groupBy: string | null) => Promise<MetricValue[]>;
  groupLabel: (dimension: string, value: string | null, lang: Lang) => string;
  rows: (ctx: MetricContext, q: { groupBy: string | null; group: string | null; cursor: string | null; limit: number }) => Promise<MetricRows>;
};

const metrics = new Map<string, Metric>();

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
  const values = await m.compute(ctx, groupBy);
  return {
    key: m.key,
    label: m.label[ctx.lang],
    unit: m.unit[ctx.lang],
    groupBy,
    total: values.reduce((s, v) => s + v.value, 0),
    groups: groupBy ? values.map((v) => ({ group: v.group, label: m.groupLabel(groupBy, v.group, ctx.lang), value: v.value })) : [],
  };
}
