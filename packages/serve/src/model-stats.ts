import type { BatchStats, ModelStatistics, StatDuration } from '@pipeline/kserve-client';
import type { ServerMetrics } from './server-metrics.js';

const zero = (): StatDuration => ({ count: 0, ns: 0 });
const add = (stat: StatDuration, ns: number, count = 1) => {
  stat.count += count;
  stat.ns += Math.round(ns);
};

/** What one request spent where, in nanoseconds. */
export interface RequestTimings {
  queueNs: number;
  computeInputNs: number;
  computeInferNs: number;
  computeOutputNs: number;
}

/**
 * One model version's cumulative statistics, kept in Triton's `/stats` JSON shape (reference §5) and
 * mirrored into the Prometheus counters: per request (success/fail, queue, compute), per execution
 * (execution_count, batch_stats by batch size).
 */
export class ModelStatsRecorder {
  private lastInference = 0;
  private inferenceCount = 0;
  private executionCount = 0;
  private readonly stats = {
    success: zero(),
    fail: zero(),
    queue: zero(),
    compute_input: zero(),
    compute_infer: zero(),
    compute_output: zero(),
    cache_hit: zero(),
    cache_miss: zero(),
  };
  private readonly batches = new Map<number, BatchStats>();
  private readonly labels: { model: string; version: string };

  constructor(
    readonly name: string,
    readonly version: string,
    private readonly metrics: ServerMetrics,
  ) {
    this.labels = { model: name, version };
  }

  /** One run of the model on a batch of `batchSize`. */
  recordExecution(batchSize: number, inputNs: number, inferNs: number, outputNs: number): void {
    this.executionCount += 1;
    let entry = this.batches.get(batchSize);
    if (entry === undefined) {
      entry = { batch_size: batchSize, compute_input: zero(), compute_infer: zero(), compute_output: zero() };
      this.batches.set(batchSize, entry);
    }
    add(entry.compute_input, inputNs);
    add(entry.compute_infer, inferNs);
    add(entry.compute_output, outputNs);
    this.metrics.executions.inc(this.labels, 1);
  }

  /** A request that succeeded: `batch` inferences, `totalNs` from arrival to answer. */
  recordSuccess(batch: number, totalNs: number, timings: RequestTimings): void {
    this.lastInference = Date.now();
    this.inferenceCount += batch;
    add(this.stats.success, totalNs);
    add(this.stats.queue, timings.queueNs);
    add(this.stats.compute_input, timings.computeInputNs);
    add(this.stats.compute_infer, timings.computeInferNs);
    add(this.stats.compute_output, timings.computeOutputNs);
    const m = this.metrics;
    m.success.inc(this.labels, 1);
    m.inferences.inc(this.labels, batch);
    m.requestDuration.inc(this.labels, totalNs / 1000);
    m.queueDuration.inc(this.labels, timings.queueNs / 1000);
    m.computeInput.inc(this.labels, timings.computeInputNs / 1000);
    m.computeInfer.inc(this.labels, timings.computeInferNs / 1000);
    m.computeOutput.inc(this.labels, timings.computeOutputNs / 1000);
  }

  /** A request that reached the model and failed; `reason` is Triton's label (BACKEND, REJECTED, …). */
  recordFailure(totalNs: number, reason: 'REJECTED' | 'CANCELED' | 'BACKEND' | 'OTHER'): void {
    add(this.stats.fail, totalNs);
    this.metrics.failure.inc({ ...this.labels, reason }, 1);
  }

  setPending(count: number): void {
    this.metrics.pending.set(this.labels, count);
  }

  toJson(): ModelStatistics {
    const copy = (s: StatDuration) => ({ ...s });
    return {
      name: this.name,
      version: this.version,
      last_inference: this.lastInference,
      inference_count: this.inferenceCount,
      execution_count: this.executionCount,
      inference_stats: Object.fromEntries(Object.entries(this.stats).map(([k, v]) => [k, copy(v)])) as unknown as ModelStatistics['inference_stats'],
      response_stats: {},
      batch_stats: [...this.batches.values()]
        .sort((a, b) => a.batch_size - b.batch_size)
        .map((b) => ({ batch_size: b.batch_size, compute_input: copy(b.compute_input), compute_infer: copy(b.compute_infer), compute_output: copy(b.compute_output) })),
      memory_usage: [],
    };
  }
}
