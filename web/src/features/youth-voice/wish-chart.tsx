import { useQueries } from '@tanstack/react-query';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { Card } from 'antd';
import { client, ok } from '../../api/client';
import { useScope } from '../../app/scope';
import { ErrorAlert } from '../../components/api-error';
import { useYvText } from './messages';

echarts.use([BarChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const stages = [
  { key: 'youth-voice.wishesCollected', label: 'w.collected', color: '#faad14' },
  { key: 'youth-voice.wishesPublished', label: 'w.published', color: '#1d4ed8' },
  { key: 'youth-voice.wishesClaimed', label: 'w.claimed', color: '#722ed1' },
  { key: 'youth-voice.wishesFulfilled', label: 'w.fulfilled', color: '#389e0d' },
] as const;

/** Wishes per month at each stage, from the figures (the same numbers the dashboard and reports read). */
export function WishChart() {
  const t = useYvText();
  const { orgId, period } = useScope();
  const results = useQueries({
    queries: stages.map((s) => ({
      queryKey: ['metric', s.key, orgId, period.from, period.to, 'month'],
      enabled: orgId !== null,
      queryFn: () =>
        ok(
          client.GET('/api/v1/metrics/{key}', {
            params: { path: { key: s.key }, query: { orgId: orgId ?? undefined, from: period.from, to: period.to, groupBy: 'month' } },
          }),
        ),
    })),
  });
  const months = [...new Set(results.flatMap((r) => r.data?.groups.map((g) => g.group ?? '') ?? []))].filter(Boolean).sort();
  const title = t('w.chart');
  const option = {
    aria: { enabled: true, label: { description: title } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 24, bottom: 48 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value' },
    series: stages.map((s, i) => ({
      type: 'bar',
      name: t(s.label),
      itemStyle: { color: s.color },
      data: months.map((m) => results[i]?.data?.groups.find((g) => g.group === m)?.value ?? 0),
    })),
  };
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{title}</h2>} style={{ marginBottom: 16 }}>
      <ErrorAlert error={results.find((r) => r.error)?.error} />
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 280 }} />
    </Card>
  );
}
