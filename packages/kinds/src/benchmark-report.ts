import {
  type BenchmarkReport,
  type BenchmarkResult,
  type BenchmarkWarning,
  benchmarkReportJsonSchema,
  benchmarkReportSchema,
  benchmarkResultSchema,
  benchmarkWarningSchema,
  type LatencyStats,
  latencyStatsSchema,
  type MeasurementWindow,
  measurementWindowSchema,
  type Stability,
  type Sweep,
  stabilitySchema,
  sweepSchema,
} from '@pipeline/benchmark/report-schema';
import { defineArtifactKind, jsonKind } from '@pipeline/sdk';

// The benchmark library owns the report's schema (it writes the report); the kind wraps it, as
// tensorrt.ts wraps @pipeline/tensorrt's trtexec-report.
export {
  benchmarkReportJsonSchema,
  benchmarkReportSchema,
  benchmarkResultSchema,
  benchmarkWarningSchema,
  latencyStatsSchema,
  measurementWindowSchema,
  stabilitySchema,
  sweepSchema,
};
export type { BenchmarkReport, BenchmarkResult, BenchmarkWarning, LatencyStats, MeasurementWindow, Stability, Sweep };
// The server-mode sections (load generator, perf_analyzer import): types only, their schemas are the benchmark library's.
export type { ClientSide, GpuFigures, Load, RequestErrors, ServerSide, ServerStats, SloSearch } from '@pipeline/benchmark/report-schema';

/** A benchmark's figures as JSON; `meta` is the whole report, so expressions can read `meta.results`. */
export const benchmarkReportKind = defineArtifactKind('benchmark-report', benchmarkReportSchema, {
  parent: jsonKind,
  description: 'Latency and throughput of a model on a runner, with the machine it ran on.',
});
