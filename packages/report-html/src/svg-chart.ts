import { createRequire } from 'node:module';
import type { EChartsOption } from 'echarts';

type ECharts = typeof import('echarts');
let echarts: ECharts | undefined;
/**
 * ECharts' one-file build (its many-module entry loads ~10× slower), required on the first chart
 * rather than imported with the package: a report whose only picture is the DAG (drawn without it, a
 * cached re-run's) then never compiles its megabyte. Synchronous, as the section renderers are.
 */
function loadECharts(): ECharts {
  echarts ??= createRequire(import.meta.url)('echarts/dist/echarts.min') as ECharts;
  return echarts;
}

export interface ChartSize {
  width: number;
  height: number;
}

/** House palette: status-neutral blues and greys, so red stays for failures and SLO lines. */
const PALETTE = ['#3b6fd4', '#e39b2d', '#2f9e77', '#8a5cd0', '#6b7280', '#d14d8a', '#49a6c9'];

/**
 * One chart as an inline `<svg>` string, drawn by ECharts' server-side renderer (pure JS, no canvas,
 * no DOM): animation off, so the SVG is the final picture. ECharts tags each data mark with
 * `ecmeta_series_index` / `ecmeta_data_index`, which is how a browser test finds the mark of a value.
 */
export function renderSvgChart(option: EChartsOption, size: ChartSize = { width: 640, height: 300 }): string {
  const chart = loadECharts().init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
