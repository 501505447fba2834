import { BarChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { MetricGroup } from '../../api/types';

echarts.use([BarChart, PieChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Props = {
  type: 'pie' | 'bar';
  title: string;
  groups: MetricGroup[];
  onPick: (g: MetricGroup) => void;
};

export function MetricChart({ type, title, groups, onPick }: Props) {
  const data = groups.map((g) => ({ name: g.label, value: g.value }));
  const option =
    type === 'pie'
      ? {
          aria: { enabled: true, label: { description: title } },
          tooltip: { trigger: 'item' },
          legend: { bottom: 0, type: 'scroll' },
          series: [{ type: 'pie', radius: ['35%', '65%'], data, label: { formatter: '{b}: {c}' } }],
        }
      : {
          aria: { enabled: true, label: { description: title } },
          tooltip: { trigger: 'axis' },
          grid: { left: 40, right: 16, top: 16, bottom: 60 },
          xAxis: { type: 'category', data: data.map((d) => d.name), axisLabel: { rotate: 30, interval: 0 } },
          yAxis: { type: 'value', minInterval: 1 },
          series: [{ type: 'bar', data: data.map((d) => d.value), itemStyle: { color: '#1d4ed8' } }],
        };

  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height: 300 }}
      onEvents={{
        click: (p: { dataIndex: number }) => {
          const g = groups[p.dataIndex];
          if (g) onPick(g);
        },
      }}
    />
  );
}
