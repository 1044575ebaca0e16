export { type BarOptions, type BarRow, barText, renderBars } from './bars.js';
export { formatNumber } from './format-number.js';
export { compactHistogram, type HistogramRow } from './histogram.js';
export { renderLinePlot, seriesMarker } from './line-plot.js';
export { type MarkdownOptions, renderChartMarkdown } from './markdown.js';
export { type TerminalStream, terminalCapabilities } from './terminal.js';
export { renderChartText } from './text.js';
export { type Axis, axisTitle, type Chart, type Series, type TextOptions } from './types.js';
