import type { TrtexecTimingRecord } from '../exports/times.js';
import { checkTrtexecExports, type TrtexecExports } from '../exports/consistency.js';
import type { TrtexecLayerInfoFile } from '../exports/layer-info.js';
import { classifyTrtexecFailure } from '../failure.js';
import { type LatencyStats, summarizeTrtexecTimes } from '../latency-stats.js';
import type { TrtexecLayerProfile, TrtexecMetricStats, TrtexecRun } from '../log/types.js';
import type { TrtexecReport } from './schema.js';

export interface TrtexecReportInputs {
  run: TrtexecRun;
  /** File names as the user gave them; they go into `sources`. */
  sources: { log: string; times?: string; profile?: string; layers?: string };
  times?: TrtexecTimingRecord[];
  profile?: TrtexecLayerProfile;
  layerInfo?: TrtexecLayerInfoFile;
}

// Warnings and errors are kept for the reader, not for machines: a verbose log has thousands.
const MAX_MESSAGES = 50;

const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);
const finiteOpt = (n: number | undefined) => (n === undefined ? undefined : finite(n));

function metric(m: TrtexecMetricStats | undefined) {
  if (!m) return undefined;
  const percentiles: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(m.percentiles)) percentiles[k] = finite(v);
  return { min: finite(m.min), max: finite(m.max), mean: finite(m.mean), median: finite(m.median), percentiles };
}

function latency(s: LatencyStats | undefined) {
  if (!s) return undefined;
  const percentiles_ms: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(s.percentiles_ms)) percentiles_ms[k] = finite(v);
  return { ...s, min_ms: finite(s.min_ms), max_ms: finite(s.max_ms), mean_ms: finite(s.mean_ms), median_ms: finite(s.median_ms), percentiles_ms };
}

/** Drops keys whose value is undefined, so the JSON (and exactOptionalPropertyTypes) stay clean. */
function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

function exportsOf(inputs: TrtexecReportInputs): TrtexecExports {
  const exports: TrtexecExports = {};
  if (inputs.times) exports.times = inputs.times;
  if (inputs.profile) exports.profile = inputs.profile;
  if (inputs.layerInfo) exports.layerInfo = inputs.layerInfo;
  return exports;
}

/** Builds the `trtexec-report` artifact from a parsed log and the export files that came with it. */
export function buildTrtexecReport(inputs: TrtexecReportInputs): TrtexecReport {
  const { run } = inputs;
  const command = run.start ?? run.end;
  const failure = classifyTrtexecFailure(run);
  const perf = run.performance;
  const byName = new Map(inputs.layerInfo?.layers.map((l) => [l.name, l]) ?? []);
  const profile = inputs.profile ?? run.profile;
  const precision = run.options['Build Options']?.Precision;
  const timesStats = inputs.times ? summarizeTrtexecTimes(inputs.times) : undefined;
  return compact<TrtexecReport>({
    schemaVersion: 1,
    kind: 'trtexec-report',
    sources: compact(inputs.sources),
    tensorrtVersion: run.tensorrtVersion,
    command: command?.command,
    argv: command?.argv ?? [],
    outcome: run.outcome,
    passed: run.outcome === 'passed',
    failure: failure && compact({ ...failure, node: failure.node && compact(failure.node) }),
    device: run.device && compact({ name: run.device.name, computeCapability: run.device.computeCapability, globalMemoryMiB: run.device.globalMemoryMiB, sms: run.device.sms }),
    build: compact({
      precision: Array.isArray(precision) ? precision.join(', ') : precision,
      parseSeconds: finiteOpt(run.phases.parse?.seconds),
      buildSeconds: finiteOpt(run.phases.build?.seconds),
      engineSizeMiB: finiteOpt(run.engine.sizeMiB ?? run.engine.loadedSizeMiB),
      loadSeconds: finiteOpt(run.phases.load?.seconds),
      inferenceSkipped: run.inference.skipped,
      shapes: run.shapes.map((s) => compact(s)),
    }),
    bindings: run.bindings.map((b) => compact({ direction: b.direction, name: b.name, shape: b.shape, dtype: b.dtype })),
    performance: perf && compact({
      throughputQps: finiteOpt(perf.throughputQps),
      timedQueries: run.inference.timedQueries,
      latency: metric(perf.latency),
      enqueueTime: metric(perf.enqueueTime),
      h2dLatency: metric(perf.h2dLatency),
      gpuComputeTime: metric(perf.gpuComputeTime),
      d2hLatency: metric(perf.d2hLatency),
      otherMetrics: Object.fromEntries(
        Object.entries({ ...perf.otherMetrics, ...(perf.endToEndHostLatency ? { 'End-to-End Host Latency': perf.endToEndHostLatency } : {}) }).map(([k, v]) => [k, metric(v)!]),
      ),
      totalHostWalltimeSeconds: finiteOpt(perf.totalHostWalltimeSeconds),
      totalGpuComputeTimeSeconds: finiteOpt(perf.totalGpuComputeTimeSeconds),
      coefficientOfVariancePercent: finiteOpt(perf.coefficientOfVariancePercent),
      notes: perf.notes.map((n) => compact(n)),
    }),
    timesStats: inputs.times && compact({ records: inputs.times.length, endToEnd: latency(timesStats?.endToEnd), gpuCompute: latency(timesStats?.gpuCompute) }),
    layerProfile: profile && compact({
      source: inputs.profile ? ('exportProfile' as const) : ('dumpProfile' as const),
      iterations: profile.iterations,
      layers: profile.layers.map((l) => {
        const info = byName.get(l.name);
        return compact({
          name: l.name,
          timeMs: finite(l.timeMs),
          averageMs: finite(l.averageMs),
          medianMs: finiteOpt(l.medianMs),
          percentage: finite(l.percentage),
          type: info?.type,
          tactic: info?.tacticName ?? info?.tacticValue,
        });
      }),
    }),
    layerInfo: inputs.layerInfo && { verbosity: inputs.layerInfo.verbosity, layerCount: inputs.layerInfo.layers.length, bindings: inputs.layerInfo.bindings },
    exportWarnings: inputs.times || inputs.profile || inputs.layerInfo ? checkTrtexecExports(run, exportsOf(inputs)) : undefined,
    warnings: run.warnings.slice(0, MAX_MESSAGES).map((w) => w.message),
    errors: run.errors.slice(0, MAX_MESSAGES).map((e) => [e.message, ...e.continuation].join('\n')),
  });
}
