// A report's chart in the window: Apache ECharts (SVG renderer) from the same option the PDF
// draws (shared/chart-option.ts), so the chart on screen and on paper is one definition. The
// CSP holds: echarts sets styles through the CSSOM (no style attributes in markup), loads no
// scripts and evaluates nothing.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapPiecewiseComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { chartHeight, chartOption, chartSummary } from '../../../../shared/chart-option';
import type { ChartSpec } from '../../../../shared/report-model';

echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapPiecewiseComponent, SVGRenderer]);

export function ReportChart({ spec, title }: { spec: ChartSpec; title: string }) {
  const box = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: 'svg', height: chartHeight(spec) });
    chart.setOption(chartOption(spec, { fontFamily: 'inherit', animation: false }));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [spec]);
  const size = spec.type === 'heatmap' ? 'tall' : 'normal';
  return (
    <figure className="report-chart" data-testid="report-chart">
      <figcaption>{title}</figcaption>
      <div ref={box} className={`report-chart-box ${size}`} role="img" aria-label={`${title}: ${chartSummary(spec)}`} />
    </figure>
  );
}
