import { skipToken, useQuery } from '@tanstack/react-query';
import { Card, Empty } from 'antd';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { client, ok } from '../../api/client';
import { ErrorAlert } from '../../components/api-error';
import { useMl } from './ml-i18n';

echarts.use([BarChart, AriaComponent, GridComponent, TooltipComponent, CanvasRenderer]);

// A county has hundreds of branches: the lowest rates are the ones to chase.
const maxBars = 15;

/** Completion of one issue by branch, from the same query as the "who hasn't studied" list. */
export function StudyBranches({ orgId, episodeId }: { orgId: number; episodeId: string | null }) {
  const ml = useMl();
  const todo = useQuery({
    queryKey: ['study-branches', orgId, episodeId],
    queryFn: episodeId === null ? skipToken : () => ok(client.GET('/api/v1/todo', { params: { query: { task: 'study', orgId, episodeId, limit: 1 } } })),
  });
  const rows = [...(todo.data?.branches ?? [])].sort((a, b) => a.rate - b.rate).slice(0, maxBars);
  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{ml('study.byBranch')}</h2>}
      extra={todo.data && todo.data.branches.length > maxBars ? <span>{ml('study.lowest', { n: maxBars, total: todo.data.branches.length })}</span> : null}
    >
      <ErrorAlert error={todo.error} />
      {todo.data && rows.length === 0 ? (
        <Empty description={ml('study.noBranches')} />
      ) : (
        <ReactEChartsCore
          echarts={echarts}
          style={{ height: Math.max(160, rows.length * 26 + 40) }}
          showLoading={todo.isFetching}
          option={{
            aria: { enabled: true, label: { description: `${ml('study.byBranch')}：${rows.map((b) => `${b.orgName} ${b.rate}%`).join('，')}` } },
            tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
            grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
            // Lowest at the top, names on the left where they fit.
            yAxis: { type: 'category', inverse: true, data: rows.map((b) => b.orgName), axisLabel: { interval: 0, width: 140, overflow: 'truncate' } },
            xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
            series: [
              {
                name: ml('study.rate'),
                type: 'bar',
                barMaxWidth: 16,
                data: rows.map((b) => b.rate),
                itemStyle: { color: '#c41d1d' },
                label: { show: true, position: 'right', formatter: '{c}%' },
              },
            ],
          }}
        />
      )}
    </Card>
  );
}
