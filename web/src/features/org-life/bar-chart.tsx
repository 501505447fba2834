import { BarChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';

echarts.use([BarChart, PieChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Props = { type?: 'bar' | 'pie'; title: string; data: { name: string; value: number }[]; unit?: string; max?: number };

/** A small labelled chart; ECharts' aria module describes it to screen readers. */
export function SimpleChart({ type = 'bar', title, data, unit = '', max }: Props) {
  const option =
    type === 'pie'
      ? {
          aria: { enabled: true, label: { description: title } },
          tooltip: { trigger: 'item' },
          legend: { bottom: 0, type: 'scroll' },
          series: [{ type: 'pie', radius: ['35%', '65%'], data, label: { formatter: `{b}: {c}${unit}` } }],
        }
      : {
          aria: { enabled: true, label: { description: title } },
          tooltip: { trigger: 'axis' },
          grid: { left: 40, right: 16, top: 24, bottom: 40 },
          xAxis: { type: 'category', data: data.map((d) => d.name), axisLabel: { interval: 0 } },
          yAxis: { type: 'value', max },
          series: [
            { type: 'bar', data: data.map((d) => d.value), itemStyle: { color: '#1d4ed8' }, label: { show: true, position: 'top', formatter: `{c}${unit}` } },
          ],
        };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 260 }} />;
}
