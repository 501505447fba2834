import { useQueries, useQuery } from '@tanstack/react-query';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { Card } from 'antd';
import { client, ok } from '../../api/client';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { useHotlineText } from './messages';

echarts.use([BarChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** The months of a period, 'YYYY-MM', at most 24. */
function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  while (out.length < 24) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** Cases by category per month, stacked: the registry's hotline.cases grouped by category, one call per month. */
export function CaseChart() {
  const t = useHotlineText();
  const { orgId, period } = useScope();
  const months = monthsOf(period.from, period.to);
  const totals = useQuery({
    queryKey: ['metric', 'hotline.cases', orgId, period.from, period.to, 'category'],
    enabled: orgId !== null,
    queryFn: () =>
      ok(
        client.GET('/api/v1/metrics/{key}', {
          params: { path: { key: 'hotline.cases' }, query: { orgId: orgId ?? undefined, from: period.from, to: period.to, groupBy: 'category' } },
        }),
      ),
  });
  const results = useQueries({
    queries: months.map((m) => {
      const from = `${m}-01` < period.from ? period.from : `${m}-01`;
      const last = new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10);
      const to = last > period.to ? period.to : last;
      return {
        queryKey: ['metric', 'hotline.cases', orgId, from, to, 'category'],
        enabled: orgId !== null,
        queryFn: () =>
          ok(
            client.GET('/api/v1/metrics/{key}', {
              params: { path: { key: 'hotline.cases' }, query: { orgId: orgId ?? undefined, from, to, groupBy: 'category' } },
            }),
          ),
      };
    }),
  });
  const categories = (totals.data?.groups ?? []).map((g) => ({ key: g.group ?? '', label: g.label }));
  const title = t('c.chart');
  const option = {
    aria: { enabled: true, label: { description: title } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 24, bottom: 48 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value' },
    series: categories.map((c) => ({
      type: 'bar',
      stack: 'cases',
      name: c.label,
      data: months.map((_, i) => results[i]?.data?.groups.find((g) => g.group === c.key)?.value ?? 0),
    })),
  };
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{title}</h2>} style={{ marginBottom: 16 }}>
      <ErrorAlert error={totals.error ?? results.find((r) => r.error)?.error} />
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 260 }} />
    </Card>
  );
}
