export { sweepCharts } from './charts.js';
export { monotonicClock } from './clock.js';
export type { Clock } from './clock.js';
export { currentHost, describeEnvironment } from './environment.js';
export type { HostFacts } from './environment.js';
export { formatG } from './format-number.js';
export { printedLatencyStats, printedSummaryToResult } from './imported.js';
export type { PrintedLatency, PrintedSummary } from './imported.js';
export { formatPerformanceMarkdown } from './markdown.js';
export { measure } from './measure.js';
export type { Feeds, Measurement, MeasureOptions } from './measure.js';
export { DEFAULT_COV_WARN_PCT, toBenchmarkResult } from './result.js';
export type { ResultContext } from './result.js';
export { trtexecBenchmarkReport } from './trtexec-benchmark-report.js';
export { STABILITY_WINDOW_COUNT, windowSpreadPct, windowsAreStable } from './stability.js';
export type { StabilityRule } from './stability.js';
export { computeLatencyStats, DEFAULT_PERCENTILES } from './statistics.js';
export { formatLatencyLine, formatPerformanceSummary, formatResultSummary, formatSweepTable } from './summary.js';
export { analyzeSweep, runBatchSweep, sweepBatchSizes } from './sweep.js';
export type { SweepAnalysis, SweepOutcome, SweepRule } from './sweep.js';
export type { PhaseLength, RecordedWindow } from './window-recorder.js';
export {
  benchmarkReportJsonSchema,
  benchmarkReportSchema,
  benchmarkResultSchema,
  benchmarkWarningSchema,
  latencyStatsSchema,
  measurementWindowSchema,
  stabilitySchema,
  sweepSchema,
} from './report-schema.js';
export type { BenchmarkReport, BenchmarkResult, BenchmarkWarning, MeasuredBenchmarkResult, LatencyStats, MeasurementWindow, Stability, Sweep } from './report-schema.js';
export { BenchmarkCode } from './codes.js';
