// One chart definition, two drawings (issue 14 item 8): a report's ChartSpec
// (shared/report-model.ts) as an Apache ECharts option. The renderer draws it in the window
// (echarts in the browser, SVG renderer) and the PDF draws the SVG that echarts renders in
// Node from the same option (print/reports/chart-svg.ts), so the chart on screen and on
// paper is the same. Runs anywhere (no Node imports, no echarts import: a plain object).
import type { ChartSpec } from './report-model';

/** The palette of the series (readable in greyscale print: dark, mid, light). */
export const CHART_COLORS = ['#1f5fa8', '#e08a1e', '#3f9a4a', '#8e44ad', '#c0392b', '#607d8b'] as const;

/** Heat map colours: good (green) → middling (yellow) → bad (red). */
const GOOD_TO_BAD = ['#2e9d4f', '#f4d35e', '#d7301f'] as const;

export interface ChartOptionContext {
  /** The font family (the PDF registers PT Sans; the window uses its own). */
  readonly fontFamily?: string;
  /** No animation on paper or in tests. */
  readonly animation?: boolean;
}

const fmt = (v: number, unit: string) => `${Number.isInteger(v) ? v : v.toFixed(1).replace('.', ',')}${unit === '%' ? '%' : ''}`;

/** The ECharts option of a chart (a plain JSON-like object: no functions, so it crosses to SVG as it is). */
export function chartOption(spec: ChartSpec, c: ChartOptionContext = {}): Record<string, unknown> {
  const textStyle = { fontFamily: c.fontFamily ?? 'PT Sans, Arial, sans-serif', fontSize: 11, color: '#222' };
  const base = { animation: c.animation ?? false, textStyle, color: [...CHART_COLORS] };
  if (spec.type === 'heatmap') {
    const data: [number, number, number | '-'][] = [];
    spec.rows.forEach((_, i) => spec.columns.forEach((__, j) => {
      const v = spec.values[i]?.[j];
      data.push([j, i, v === null || v === undefined ? '-' : v]);
    }));
    const colors = spec.highIsBad ? [...GOOD_TO_BAD] : [...GOOD_TO_BAD].reverse();
    const longest = Math.max(4, ...spec.rows.map((r) => r.length));
    const rotated = spec.columns.length > 8;
    return {
      ...base,
      tooltip: { position: 'top' },
      grid: { left: Math.min(220, 12 + longest * 6.5), right: 16, top: 12, bottom: heatmapAxisRoom(spec) + 34 },
      xAxis: { type: 'category', data: [...spec.columns], splitArea: { show: true }, axisLabel: { interval: 0, rotate: rotated ? 45 : 0, width: 170, overflow: 'truncate' } },
      yAxis: { type: 'category', data: [...spec.rows], inverse: true, splitArea: { show: true }, axisLabel: { interval: 0 } },
      // Pieces, not a gradient: the same legend on screen and on paper (a gradient bar does not survive the PDF's SVG).
      visualMap: {
        type: 'piecewise', min: spec.min, max: spec.max, splitNumber: 5, orient: 'horizontal', left: 'center', bottom: 0,
        inRange: { color: colors }, outOfRange: { color: ['#eeeeee'] }, textStyle, itemWidth: 14, itemHeight: 10,
      },
      series: [{
        type: 'heatmap', data,
        label: { show: spec.rows.length * spec.columns.length <= 400, fontSize: 9, fontFamily: textStyle.fontFamily },
        emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
      }],
    };
  }
  const many = spec.categories.length > 8;
  return {
    ...base,
    tooltip: { trigger: 'axis' },
    legend: { show: spec.series.length > 1, top: 0, textStyle },
    grid: { left: 48, right: 16, top: spec.series.length > 1 ? 36 : 20, bottom: many ? 70 : 36, containLabel: false },
    xAxis: { type: 'category', data: [...spec.categories], axisLabel: { interval: 0, rotate: many ? 40 : 0 } },
    yAxis: { type: 'value', name: spec.unit, min: spec.min, max: spec.max, nameTextStyle: textStyle },
    series: spec.series.map((s) => ({
      name: s.name,
      type: spec.type === 'bars' ? 'bar' : 'line',
      data: s.values.map((v) => (v === null ? '-' : v)),
      connectNulls: false,
      label: { show: spec.categories.length * spec.series.length <= 24, position: 'top', fontSize: 9, fontFamily: textStyle.fontFamily },
      ...(spec.type === 'lines' ? { symbolSize: 6 } : { barMaxWidth: 36 }),
    })),
  };
}

/** Room under a heat map for its column labels (turned 45° when many; long ones cut). */
function heatmapAxisRoom(spec: Extract<ChartSpec, { type: 'heatmap' }>): number {
  if (spec.columns.length <= 8) return 24;
  const longest = Math.min(24, Math.max(3, ...spec.columns.map((c) => c.length)));
  return Math.round(longest * 6.5 * Math.SQRT1_2) + 12;
}

/** A chart's height (screen pixels, PDF points): a heat map grows with its rows and its labels. */
export function chartHeight(spec: ChartSpec): number {
  if (spec.type !== 'heatmap') return spec.categories.length > 8 ? 250 : 220;
  return Math.min(600, 12 + spec.rows.length * 18 + heatmapAxisRoom(spec) + 34);
}

/** A short text of a chart's figures (for screen readers and the PDF when a chart has no data). */
export function chartSummary(spec: ChartSpec): string {
  if (spec.type === 'heatmap') return `${spec.rows.length} × ${spec.columns.length}`;
  return spec.series.map((s) => `${s.name}: ${s.values.map((v, i) => `${spec.categories[i]} ${v === null ? '—' : fmt(v, spec.unit)}`).join(', ')}`).join('; ');
}
