// A chart of a report as an SVG string, rendered in Node by Apache ECharts' server-side SVG
// renderer (no DOM) from the same option the window draws (shared/chart-option.ts). The PDF
// places it as react-pdf's SVG image (print/pdf/react-pdf.tsx).
import * as echarts from 'echarts';
import type { ChartSpec } from '../../shared/report-model';
import { chartOption } from '../../shared/chart-option';
import { SVG_FONT_FAMILY } from '../draw/fonts';

export function chartSvg(spec: ChartSpec, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(chartOption(spec, { fontFamily: SVG_FONT_FAMILY, animation: false }));
    return forPdf(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/**
 * What react-pdf's SVG drawing reads otherwise: a shape filled with an opacity of 0 (the
 * charting library's invisible hit areas and backgrounds) is drawn opaque there, so it gets
 * no fill at all.
 */
export function forPdf(svg: string): string {
  return svg.replace(/fill="[^"]*"(\s+)fill-opacity="0"/g, 'fill="none"$1fill-opacity="0"');
}
