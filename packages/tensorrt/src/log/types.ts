import type { TensorrtVersion } from '../version.js';

/** The `&&&& RUNNING|PASSED|FAILED TensorRT.trtexec [TensorRT vNNNN] [bNN] # <command>` line. */
export interface TrtexecCommand {
  /** `TensorRT.trtexec` (other TensorRT samples print the same line with their own name). */
  tool: string;
  /** The number after `v`, as printed: `8601`, `101601`. */
  versionTag: string;
  version?: TensorrtVersion;
  /** The build tag printed from 10.4 on, e.g. `b11`. */
  buildTag?: string;
  /** The command as printed: trtexec joins argv with spaces, without quoting. */
  command: string;
  /** The command split at spaces, which is all a joined argv allows. */
  argv: string[];
  /** `--key=value` → {name: 'key', value}; bare `--flag` → {name: 'flag'}; in argv order. */
  flags: { name: string; value?: string }[];
}

/** A `[W]`, `[E]` or `[F]` line with the unprefixed lines that continued it. */
export interface TrtexecDiagnosticLine {
  lineNo: number;
  severity: 'W' | 'E' | 'F';
  trt: boolean;
  message: string;
  continuation: string[];
}

export interface TrtexecDevice {
  name?: string;
  id?: number;
  uuid?: string;
  computeCapability?: string;
  sms?: number;
  globalMemoryMiB?: number;
  sharedMemoryPerSmKiB?: number;
  memoryBusWidthBits?: number;
  ecc?: boolean;
  computeClockGHz?: number;
  memoryClockGHz?: number;
  /** 10.x lists every visible GPU under `Available Devices:`. */
  available: { index: number; name: string; uuid?: string }[];
  /** Every `Key: value` line of the section, as printed. */
  raw: Record<string, string>;
}

export interface TrtexecBinding {
  direction: 'input' | 'output';
  name: string;
  /** As printed, e.g. `1x1x28x28`. */
  shape: string;
  dims: number[];
  /** Printed from TensorRT 10.16 on (`and type fp32`). */
  dtype?: string;
}

/** min/max/mean/median and every `percentile(P%)` of one metric, in milliseconds, as printed. */
export interface TrtexecMetricStats {
  min: number;
  max: number;
  mean: number;
  median: number;
  /** Keyed by the printed label without `%`: `'90'`, `'99'`, `'99.9'`. */
  percentiles: Record<string, number>;
}

export type TrtexecSummaryNoteKind = 'unstable' | 'enqueue-bound' | 'h2d-bound' | 'd2h-bound' | 'multi-stream' | 'other';

/** The `=== Performance summary ===` block. Units: ms for latencies, s for totals, qps for throughput. */
export interface TrtexecPerformanceSummary {
  throughputQps?: number;
  latency?: TrtexecMetricStats;
  /** Printed by some 8.x versions only. */
  endToEndHostLatency?: TrtexecMetricStats;
  enqueueTime?: TrtexecMetricStats;
  h2dLatency?: TrtexecMetricStats;
  gpuComputeTime?: TrtexecMetricStats;
  d2hLatency?: TrtexecMetricStats;
  /** Metric lines of the same shape under names this parser does not know. */
  otherMetrics: Record<string, TrtexecMetricStats>;
  totalHostWalltimeSeconds?: number;
  totalGpuComputeTimeSeconds?: number;
  /** From `* GPU compute time is unstable, with coefficient of variance = X%.` */
  coefficientOfVariancePercent?: number;
  /** The `[W] * …` stability and bottleneck warnings, with the indented advice line under each. */
  notes: { kind: TrtexecSummaryNoteKind; message: string; advice?: string }[];
}

/** One row of `--dumpProfile`'s table (or of an `--exportProfile` file). */
export interface TrtexecLayerTiming {
  name: string;
  /** Total over all profiled iterations. */
  timeMs: number;
  averageMs: number;
  /** Absent in older versions. */
  medianMs?: number;
  percentage: number;
}

export interface TrtexecLayerProfile {
  iterations?: number;
  layers: TrtexecLayerTiming[];
  total?: TrtexecLayerTiming;
}

export interface TrtexecPhase {
  started: boolean;
  finished: boolean;
  seconds?: number;
}

/** Build and engine facts printed along the way. Sizes in MiB, times in seconds. */
export interface TrtexecEngineFacts {
  /** `Created engine with size: X MiB` (10.x). */
  sizeMiB?: number;
  /** `[TRT] Loaded engine size: N MiB` (rounded by TensorRT). */
  loadedSizeMiB?: number;
  /** `Engine loaded in X sec.` (sampleEngines.cpp): reading the plan file, before deserialisation. */
  fileLoadSeconds?: number;
  /** `[TRT] Engine generation completed in X seconds.` */
  generationSeconds?: number;
  /** `Created execution context with device memory size: X MiB` */
  contextMemoryMiB?: number;
  /** `Plan was created with TensorRT version a.b.c.d` (`--getPlanVersionOnly`). */
  planVersion?: string;
}

export interface TrtexecInferenceFacts {
  skipped: boolean;
  warmupQueries?: number;
  warmupMs?: number;
  timedQueries?: number;
  timedSeconds?: number;
  /** Why no performance summary was printed although inference ran (the profiler caveat). */
  summaryOmittedReason?: string;
}

/** Everything a trtexec log said, accumulated line by line. */
export interface TrtexecRun {
  /** `incomplete` when no `&&&& PASSED/FAILED` line arrived: a crash, or a log excerpt. */
  outcome: 'passed' | 'failed' | 'incomplete';
  start?: TrtexecCommand;
  end?: TrtexecCommand;
  /** `a.b.c` from the `TensorRT version:` line, else decoded from the `[TensorRT vNNNN]` tag. */
  tensorrtVersion?: string;
  /** Option dump: section (`Model Options`) → key → value (an array when a key repeats). */
  options: Record<string, Record<string, string | string[]>>;
  device?: TrtexecDevice;
  phases: { parse?: TrtexecPhase; build?: TrtexecPhase; load?: TrtexecPhase; inference?: TrtexecPhase };
  engine: TrtexecEngineFacts;
  inference: TrtexecInferenceFacts;
  bindings: TrtexecBinding[];
  /** Where each input's data came from. */
  inputs: { name: string; source: 'random' | 'file'; file?: string }[];
  /** `Set shape of input tensor x … to: …` lines, as printed. */
  shapes: { name: string; profile?: number; shape: string }[];
  warnings: TrtexecDiagnosticLine[];
  errors: TrtexecDiagnosticLine[];
  /** `[E] Unknown option: --key value` lines. */
  unknownOptions: { flag: string; value?: string }[];
  performance?: TrtexecPerformanceSummary;
  profile?: TrtexecLayerProfile;
  /** The `--dumpLayerInfo` block: layer names (either verbosity) and binding names, as printed. */
  layerInfo?: { layers: string[]; bindings: string[] };
  lineCount: number;
}

export type TrtexecPhaseName = 'parse' | 'build' | 'load' | 'inference';

/** What the streaming parser emits as lines arrive. */
export type TrtexecLogEvent =
  | { type: 'start'; command: TrtexecCommand }
  | { type: 'options'; section: string; options: Record<string, string | string[]> }
  | { type: 'device'; device: TrtexecDevice }
  | { type: 'tensorrt-version'; version: string }
  | { type: 'phase'; phase: TrtexecPhaseName; status: 'started' | 'finished' | 'skipped'; seconds?: number }
  | { type: 'engine-size'; source: 'created' | 'loaded'; mib: number }
  | { type: 'binding'; binding: TrtexecBinding }
  | { type: 'warning'; line: TrtexecDiagnosticLine }
  | { type: 'error'; line: TrtexecDiagnosticLine }
  | { type: 'performance'; summary: TrtexecPerformanceSummary }
  | { type: 'profile'; profile: TrtexecLayerProfile }
  | { type: 'end'; outcome: 'passed' | 'failed'; command: TrtexecCommand };
