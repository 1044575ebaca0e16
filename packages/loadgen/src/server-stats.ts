import type { GpuFigures, ServerSide, ServerStats } from '@pipeline/kinds';

/** One `{count, ns}` statistic of the KServe v2 / Triton statistics extension. */
interface Stat {
  count: number;
  ns: number;
}

/** One entry of `GET /v2/models/stats` (`model_stats[]`); counters are cumulative. */
export interface ModelStatsEntry {
  name: string;
  version: string;
  inference_count: number;
  execution_count: number;
  inference_stats: Partial<Record<'success' | 'fail' | 'queue' | 'compute_input' | 'compute_infer' | 'compute_output' | 'cache_hit' | 'cache_miss', Stat>>;
}

const zero: Stat = { count: 0, ns: 0 };
const stat = (e: ModelStatsEntry | undefined, name: keyof ModelStatsEntry['inference_stats']): Stat => e?.inference_stats[name] ?? zero;

/** Figures of one model over the interval between two snapshots, as perf_analyzer derives them (per successful request). */
function deltaOf(before: ModelStatsEntry | undefined, after: ModelStatsEntry): ServerStats {
  const success = stat(after, 'success').count - stat(before, 'success').count;
  const per = (name: keyof ModelStatsEntry['inference_stats']) => (success > 0 ? (stat(after, name).ns - stat(before, name).ns) / success / 1e6 : 0);
  const request = per('success');
  const breakdown_ms: Record<string, number> = {
    queue: per('queue'),
    compute_input: per('compute_input'),
    compute_infer: per('compute_infer'),
    compute_output: per('compute_output'),
  };
  const accounted = Object.values(breakdown_ms).reduce((a, b) => a + b, 0);
  // What the request spent outside queue and compute: Triton's own handling (perf_analyzer's "overhead").
  breakdown_ms.overhead = Math.max(0, request - accounted);
  const out: ServerStats = {
    inference_count: after.inference_count - (before?.inference_count ?? 0),
    execution_count: after.execution_count - (before?.execution_count ?? 0),
    success_count: success,
    request_latency_ms: request,
    breakdown_ms,
  };
  const hits = stat(after, 'cache_hit').count - stat(before, 'cache_hit').count;
  const misses = stat(after, 'cache_miss').count - stat(before, 'cache_miss').count;
  if (hits > 0 || misses > 0) {
    out.cache_hit_count = hits;
    out.cache_miss_count = misses;
  }
  return out;
}

const keyOf = (e: { name: string; version: string }) => `${e.name}\u0000${e.version}`;

/**
 * The server side of a measurement from two `/v2/models/stats` snapshots: the measured model's figures,
 * and — for an ensemble — each other model that executed in between, as its composing models (the
 * server ran them for the ensemble's requests). Undefined when the measured model is not in the stats.
 */
export function serverSideFromStats(before: ModelStatsEntry[], after: ModelStatsEntry[], model: string): ServerSide | undefined {
  const previous = new Map(before.map((e) => [keyOf(e), e]));
  const target = after.find((e) => e.name === model && stat(e, 'success').count > stat(previous.get(keyOf(e)), 'success').count) ?? after.find((e) => e.name === model);
  if (!target) return undefined;
  const side: ServerSide = deltaOf(previous.get(keyOf(target)), target);
  const composing = after
    .filter((e) => e.name !== model && e.execution_count > (previous.get(keyOf(e))?.execution_count ?? 0))
    .map((e) => ({ name: e.name, version: e.version, ...deltaOf(previous.get(keyOf(e)), e) }));
  if (composing.length > 0) side.composing_models = composing;
  return side;
}

/**
 * GPU figures from Triton's Prometheus text (`nv_gpu_utilization`, `nv_gpu_power_usage`,
 * `nv_gpu_memory_used_bytes`, `nv_gpu_memory_total_bytes`, labelled by `gpu_uuid`). The exposition
 * lines needed are `name{labels} value`, so a line regex is the whole parser. Empty when none are exposed.
 */
export function gpuFiguresFromMetrics(text: string): GpuFigures[] {
  const fields: Record<string, Exclude<keyof GpuFigures, 'id'>> = {
    nv_gpu_utilization: 'utilization',
    nv_gpu_power_usage: 'power_w',
    nv_gpu_memory_used_bytes: 'memory_used_bytes',
    nv_gpu_memory_total_bytes: 'memory_total_bytes',
  };
  const gpus = new Map<string, GpuFigures>();
  for (const line of text.split('\n')) {
    const m = /^(nv_gpu_\w+)\{([^}]*)\}\s+(\S+)/.exec(line);
    const field = m ? fields[m[1] as string] : undefined;
    const uuid = m ? /gpu_uuid="([^"]*)"/.exec(m[2] as string)?.[1] : undefined;
    if (!m || !field || uuid === undefined) continue;
    const gpu = gpus.get(uuid) ?? { id: uuid };
    gpu[field] = Number(m[3]);
    gpus.set(uuid, gpu);
  }
  return [...gpus.values()];
}
