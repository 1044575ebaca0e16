/** `GET /v2/models[/<m>[/versions/<n>]]/stats` (test/fixtures/reference/triton.md §5). Every counter is cumulative. */

export interface StatDuration {
  count: number;
  ns: number;
}

export interface InferenceStats {
  success: StatDuration;
  fail: StatDuration;
  queue: StatDuration;
  compute_input: StatDuration;
  compute_infer: StatDuration;
  compute_output: StatDuration;
  cache_hit: StatDuration;
  cache_miss: StatDuration;
}

export interface BatchStats {
  batch_size: number;
  compute_input: StatDuration;
  compute_infer: StatDuration;
  compute_output: StatDuration;
}

export interface ModelStatistics {
  name: string;
  version: string;
  /** Milliseconds since the epoch of the last inference; 0 when none. */
  last_inference: number;
  inference_count: number;
  execution_count: number;
  inference_stats: InferenceStats;
  response_stats?: Record<string, Record<string, StatDuration>>;
  batch_stats: BatchStats[];
  memory_usage?: { type: string; id: number; byte_size: number }[];
}

/** What happened between two snapshots of one model's statistics, with the averages people read. */
export interface StatisticsDelta {
  name: string;
  version: string;
  inferenceCount: number;
  executionCount: number;
  success: StatDuration;
  fail: StatDuration;
  queue: StatDuration;
  computeInput: StatDuration;
  computeInfer: StatDuration;
  computeOutput: StatDuration;
  /** Requests the response cache answered, and those it did not (both 0 without a cache). */
  cacheHit: StatDuration;
  cacheMiss: StatDuration;
  /** inferenceCount / executionCount: how well requests were batched (undefined with no executions). */
  averageBatchSize: number | undefined;
  /** Mean microseconds per successful request, as perf_analyzer's "Server:" section prints them. */
  averageUs: { request: number; queue: number; computeInput: number; computeInfer: number; computeOutput: number } | undefined;
  /** Executions per batch size in the interval. */
  executionsByBatchSize: Record<number, number>;
}

const minus = (after: StatDuration | undefined, before: StatDuration | undefined): StatDuration => ({
  count: (after?.count ?? 0) - (before?.count ?? 0),
  ns: (after?.ns ?? 0) - (before?.ns ?? 0),
});

/**
 * The difference between two snapshots of the same model's cumulative statistics. A counter that went
 * down means the model was reloaded in between, so the deltas would be meaningless: that throws.
 */
export function statisticsDelta(before: ModelStatistics | undefined, after: ModelStatistics): StatisticsDelta {
  if (before !== undefined && (before.name !== after.name || before.version !== after.version)) {
    throw new RangeError(`statistics of ${before.name}:${before.version} and ${after.name}:${after.version} cannot be subtracted`);
  }
  const b = before?.inference_stats;
  const a = after.inference_stats;
  const inferenceCount = after.inference_count - (before?.inference_count ?? 0);
  const executionCount = after.execution_count - (before?.execution_count ?? 0);
  if (inferenceCount < 0 || executionCount < 0) throw new RangeError(`statistics of ${after.name}:${after.version} went backwards (was the model reloaded?)`);
  const success = minus(a.success, b?.success);
  const queue = minus(a.queue, b?.queue);
  const computeInput = minus(a.compute_input, b?.compute_input);
  const computeInfer = minus(a.compute_infer, b?.compute_infer);
  const computeOutput = minus(a.compute_output, b?.compute_output);
  const executionsByBatchSize: Record<number, number> = {};
  for (const entry of after.batch_stats) {
    const earlier = before?.batch_stats.find((s) => s.batch_size === entry.batch_size);
    const executions = entry.compute_infer.count - (earlier?.compute_infer.count ?? 0);
    if (executions > 0) executionsByBatchSize[entry.batch_size] = executions;
  }
  const perRequestUs = (d: StatDuration) => (d.count > 0 ? d.ns / d.count / 1000 : 0);
  return {
    name: after.name,
    version: after.version,
    inferenceCount,
    executionCount,
    success,
    fail: minus(a.fail, b?.fail),
    queue,
    computeInput,
    computeInfer,
    computeOutput,
    cacheHit: minus(a.cache_hit, b?.cache_hit),
    cacheMiss: minus(a.cache_miss, b?.cache_miss),
    averageBatchSize: executionCount > 0 ? inferenceCount / executionCount : undefined,
    averageUs:
      success.count > 0
        ? { request: perRequestUs(success), queue: perRequestUs(queue), computeInput: perRequestUs(computeInput), computeInfer: perRequestUs(computeInfer), computeOutput: perRequestUs(computeOutput) }
        : undefined,
    executionsByBatchSize,
  };
}
