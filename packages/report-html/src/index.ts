export { type Overlay, chartOption } from './chart-options.js';
export { renderComparisonHtml } from './compare-page.js';
export { esc } from './escape.js';
export { gateMargin } from './gates-section.js';
export { renderRunHtml } from './run-report.js';
export { type ChartSize, renderSvgChart } from './svg-chart.js';
