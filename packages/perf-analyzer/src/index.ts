export { commandFlags } from './command.js';
export type { CommandFlags } from './command.js';
export { parsePerfAnalyzerCsv } from './parse-csv.js';
export { assertCompleteOutput, describeIncomplete, parseLatencyBreakdown, parsePerfAnalyzerStdout } from './parse-stdout.js';
export { perfAnalyzerBenchmarkReport } from './to-benchmark-report.js';
export type { ImportSources } from './to-benchmark-report.js';
export type {
  ClientStats,
  ComposingModelStats,
  LatencyBreakdown,
  MeasurementSettings,
  PerfAnalyzerCsv,
  PerfAnalyzerCsvRow,
  PerfAnalyzerMeasurement,
  PerfAnalyzerRun,
  ServerStats,
  SummaryRow,
} from './types.js';
export { perfAnalyzerArgs, perfAnalyzerRepro, runPerfAnalyzer } from './backend.js';
export type { PerfAnalyzerOptions, PerfAnalyzerOutcome, RunTool } from './backend.js';
export { PerfAnalyzerCode } from './codes.js';
export { perfAnalyzerHttpsArgs, TLS_SETTINGS_PERF_ANALYZER_TAKES } from './https-flags.js';
export type { PerfAnalyzerHttps } from './https-flags.js';
export { PERF_ANALYZER_CA_FILE, perfAnalyzerHttpsFor } from './https.js';
export type { PerfAnalyzerTlsParams } from './https.js';
export { choosePerfAnalyzer, findPerfAnalyzer, PERF_ANALYZER_TOOL, PERF_ANALYZER_VERSION_PATTERN, perfAnalyzerLimits, perfAnalyzerShapes, perfAnalyzerUrl, rangeWithStep } from './locate.js';
export type { FindTool, FoundTool, LoadBackend, PerfAnalyzerLimit } from './locate.js';
