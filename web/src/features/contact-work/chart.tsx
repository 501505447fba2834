import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';

echarts.use([BarChart, AriaComponent, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

/** Youths contacted per cadre as bars, the target as a line; ECharts' aria module describes it. */
export function CadreChart({ title, data, target }: { title: string; data: { name: string; value: number }[]; target: number }) {
  const option = {
    aria: { enabled: true, label: { description: title } },
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 24, bottom: 60 },
    xAxis: { type: 'category', data: data.map((d) => d.name), axisLabel: { interval: 0, rotate: data.length > 12 ? 45 : 0 } },
    yAxis: { type: 'value' },
    series: [
      {
        type: 'bar',
        data: data.map((d) => ({ value: d.value, itemStyle: { color: d.value >= target ? '#15803d' : '#1d4ed8' } })),
        markLine: { symbol: 'none', data: [{ yAxis: target }], lineStyle: { color: '#c41d1d', type: 'dashed' } },
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 280 }} />;
}
