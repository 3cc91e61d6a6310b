// ECharts, imported modularly: only the charts and components the SPA draws end up in the chunk.
import { BarChart, BoxplotChart, LineChart, RadarChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  RadarChart,
  LineChart,
  BarChart,
  BoxplotChart,
  ScatterChart,
  RadarComponent,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';
export type ChartInstance = ReturnType<typeof echarts.init>;
