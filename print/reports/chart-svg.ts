// A chart of a report as an SVG string, rendered in Node by Apache ECharts' server-side SVG
// renderer (no DOM) from the same option the window draws (shared/chart-option.ts). The PDF
// places it as react-pdf's SVG image (print/pdf/react-pdf.tsx). echarts is loaded at the
// first chart drawn, not with every print (the register's code reaches this file).
import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import type { ChartSpec } from '../../shared/report-model';
import { chartOption } from '../../shared/chart-option';
import { SVG_FONT_FAMILY } from '../draw/fonts';

// In the CommonJS bundle of the CLI `require` exists; under tsx (ESM) it is made here.
const req: NodeJS.Require = typeof require === 'function' ? require : createRequire(import.meta.url);
let loaded: typeof Echarts | null = null;
const echarts = (): typeof Echarts => (loaded ??= req('echarts') as typeof Echarts);

export function chartSvg(spec: ChartSpec, width: number, height: number): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
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
