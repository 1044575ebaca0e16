import type { StageRecord } from '@pipeline/reports';

/**
 * The parts of the stages' report artifacts (`meta` in run.json) the HTML report draws, declared here
 * structurally and every field optional: a report from an older or newer stage version, or one another
 * backend filled in part (an imported perf_analyzer run has no min/max), draws what it has.
 */
export interface LatencyView {
  min_ms?: number;
  max_ms?: number;
  mean_ms?: number;
  median_ms?: number;
  p90_ms?: number;
  p95_ms?: number;
  p99_ms?: number;
  std_ms?: number;
  cov_pct?: number;
}

export interface ServerStatsView {
  name?: string;
  version?: string;
  request_latency_ms?: number;
  breakdown_ms?: Record<string, number>;
}

export interface BenchmarkResultView {
  batch?: number;
  concurrency?: number;
  timed_runs?: number;
  throughput?: { inferences_per_s?: number; samples_per_s?: number };
  latency?: LatencyView;
  stability?: { stable?: boolean; outcome?: string; tolerance_pct?: number; windows?: { inferences_per_s?: number; mean_latency_ms?: number }[] };
  load?: { mode?: string; concurrency?: number; asked_rate_per_s?: number; achieved_rate_per_s?: number };
  server?: ServerStatsView & { composing_models?: ServerStatsView[] };
  errors?: { total?: number; by_kind?: Record<string, number> };
}

export interface BenchmarkReportView {
  source?: string;
  model?: { name?: string };
  runner?: { backend?: string; version?: string; execution_providers?: string[] };
  environment?: Record<string, unknown>;
  results?: BenchmarkResultView[];
  primary?: number;
  sweep?: { knee_batch?: number; best_batch?: number; batches?: number[] };
  slo_search?: { max_p99_ms?: number; best_load?: number };
  warnings?: { code?: string; message?: string }[];
}

export interface OutputValidationView {
  name?: string;
  shape?: number[];
  passed?: boolean;
  samples?: number;
  failed_samples?: number;
  elements?: number;
  failed_elements?: number;
  check?: { check?: string; atol?: number; rtol?: number };
  statistics?: Record<string, { mean?: unknown; p50?: unknown; p99?: unknown; max?: unknown; min?: unknown }>;
  error_histogram?: { id: string; title: string; type: 'line' | 'bar' | 'histogram'; x: { label: string; unit?: string }; y: { label: string; unit?: string }; series: { name: string; points: [number, number][] }[] };
}

export interface ValidationReportView {
  passed?: boolean;
  reference?: { name?: string };
  candidate?: { name?: string };
  data?: { description?: string; samples?: number };
  outputs?: OutputValidationView[];
  task_metrics?: { output?: string; reference?: Record<string, unknown>; candidate?: Record<string, unknown> } | null;
  notes?: string[];
}

export interface InspectionView {
  model?: { file?: string; fileSize?: number; irVersion?: number; producer?: { name?: string; version?: string }; opsets?: Record<string, number> };
  io?: { inputs?: { name?: string; dtype?: string; shape?: unknown[] }[]; outputs?: { name?: string; dtype?: string; shape?: unknown[] }[] };
  graph?: { nodeCount?: number; ops?: { domain?: string; opType?: string; count?: number }[] };
  parameters?: { count?: number; bytes?: number };
  lint?: { tensorrt?: string; findings?: { code?: string; severity?: string; message?: string; nodes?: string[]; nodeCount?: number; hint?: string }[] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `meta` of a stage's outputs of a kind (or one of its sub-kinds), with the output's name. */
export function outputsOfKind<T>(stage: StageRecord, kind: string): { name: string; meta: T }[] {
  return Object.entries(stage.outputs)
    .filter(([, a]) => (a.kind === kind || a.kind.startsWith(`${kind}/`)) && isObject(a.meta))
    .map(([name, a]) => ({ name, meta: a.meta as T }));
}

/** Outputs whose kind starts with a prefix (`triton` matches `triton-model-repository`, `triton-package`, …). */
export function outputsWithKindPrefix(stage: StageRecord, prefix: string): { name: string; kind: string; path: string; meta: Record<string, unknown> }[] {
  return Object.entries(stage.outputs)
    .filter(([, a]) => a.kind.startsWith(prefix))
    .map(([name, a]) => ({ name, kind: a.kind, path: a.path, meta: isObject(a.meta) ? a.meta : {} }));
}
