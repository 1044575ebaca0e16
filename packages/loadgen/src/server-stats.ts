import type { ModelStatistics, StatDuration, StatisticsDelta, TritonMetrics } from '@pipeline/kserve-client';
import { statisticsDelta } from '@pipeline/kserve-client';
import type { GpuFigures, ServerSide, ServerStats } from '@pipeline/kinds';

/** A model's statistics delta, or undefined when the two snapshots cannot be subtracted (reloaded in between, or a server's answer missing fields). */
function deltaOrNothing(before: ModelStatistics | undefined, after: ModelStatistics): StatisticsDelta | undefined {
  try {
    return statisticsDelta(before, after);
  } catch {
    return undefined;
  }
}

/** A delta's figures per successful request, as perf_analyzer derives them. */
function serverStats(delta: StatisticsDelta): ServerStats {
  const success = delta.success.count;
  const per = (d: StatDuration) => (success > 0 ? d.ns / success / 1e6 : 0);
  const request = per(delta.success);
  const breakdown_ms: Record<string, number> = {
    queue: per(delta.queue),
    compute_input: per(delta.computeInput),
    compute_infer: per(delta.computeInfer),
    compute_output: per(delta.computeOutput),
  };
  const accounted = Object.values(breakdown_ms).reduce((a, b) => a + b, 0);
  // What the request spent outside queue and compute: Triton's own handling (perf_analyzer's "overhead").
  breakdown_ms.overhead = Math.max(0, request - accounted);
  const out: ServerStats = {
    inference_count: delta.inferenceCount,
    execution_count: delta.executionCount,
    success_count: success,
    request_latency_ms: request,
    breakdown_ms,
  };
  if (delta.cacheHit.count > 0 || delta.cacheMiss.count > 0) {
    out.cache_hit_count = delta.cacheHit.count;
    out.cache_miss_count = delta.cacheMiss.count;
  }
  return out;
}

const keyOf = (e: { name: string; version: string }) => `${e.name}\u0000${e.version}`;
const successes = (e: ModelStatistics | undefined) => e?.inference_stats?.success?.count ?? 0;

/**
 * The server side of a measurement from two `/v2/models/stats` snapshots (kserve-client's
 * `statisticsDelta` per model): the measured model's figures, and — for an ensemble — each other model
 * that executed in between, as its composing models (the server ran them for the ensemble's requests).
 * Undefined when the measured model is not in the stats, or its counters cannot be subtracted.
 */
export function serverSideFromStats(before: ModelStatistics[], after: ModelStatistics[], model: string): ServerSide | undefined {
  const previous = new Map(before.map((e) => [keyOf(e), e]));
  const target = after.find((e) => e.name === model && successes(e) > successes(previous.get(keyOf(e)))) ?? after.find((e) => e.name === model);
  const targetDelta = target && deltaOrNothing(previous.get(keyOf(target)), target);
  if (!targetDelta) return undefined;
  const side: ServerSide = serverStats(targetDelta);
  const composing = after
    .filter((e) => e.name !== model)
    .flatMap((e) => {
      const delta = deltaOrNothing(previous.get(keyOf(e)), e);
      return delta && delta.executionCount > 0 ? [{ name: e.name, version: e.version, ...serverStats(delta) }] : [];
    });
  if (composing.length > 0) side.composing_models = composing;
  return side;
}

/** Each GPU's figures from the server's metrics (kserve-client's reading of Triton's nv_gpu_* gauges); empty when none are exposed. */
export function gpuFiguresFromMetrics(metrics: TritonMetrics): GpuFigures[] {
  return metrics.gpus.map((gpu) => {
    const figures: GpuFigures = { id: gpu.uuid };
    if (gpu.utilization !== undefined) figures.utilization = gpu.utilization;
    if (gpu.powerUsageWatts !== undefined) figures.power_w = gpu.powerUsageWatts;
    if (gpu.memoryUsedBytes !== undefined) figures.memory_used_bytes = gpu.memoryUsedBytes;
    if (gpu.memoryTotalBytes !== undefined) figures.memory_total_bytes = gpu.memoryTotalBytes;
    return figures;
  });
}
