import type { Tensor } from '@pipeline/tensor';
import { splitBatch } from './batch-tensors.js';
import type { FrameTensor } from './instance-frames.js';
import type { ModelStatsRecorder, RequestTimings } from './model-stats.js';
import { type SessionPool, SessionRunError } from './session-pool.js';

/** How requests become executions: alone, or dynamically batched (Triton's dynamic_batching). */
export interface SchedulingPolicy {
  /** 0: the model does not batch; requests run one by one. */
  maxBatchSize: number;
  dynamicBatching: { preferredBatchSizes: number[]; maxQueueDelayNs: number } | undefined;
}

interface Queued {
  feeds: Record<string, Tensor>;
  batch: number;
  /** Requests batch together only when their non-batch dims and dtypes agree. */
  signature: string;
  enqueuedAt: bigint;
  resolve: (result: { outputs: Record<string, Tensor>; timings: RequestTimings }) => void;
  reject: (error: Error) => void;
}

const now = () => process.hrtime.bigint();

function signatureOf(feeds: Record<string, Tensor>, batched: boolean): string {
  return Object.keys(feeds)
    .sort()
    .map((name) => {
      const t = feeds[name]!;
      return `${name}:${t.dtype}:${(batched ? t.shape.slice(1) : t.shape).join('x')}`;
    })
    .join('|');
}

/**
 * Queues requests for one model's instances. With dynamic batching, an idle instance takes the oldest
 * request and the compatible ones behind it: at once when they make a preferred batch size, else when the
 * oldest has waited max_queue_delay_microseconds (largest batch ≤ max_batch_size). Without it, each
 * request runs alone, first come first served.
 */
export class Scheduler {
  private readonly queue: Queued[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: SessionPool,
    private readonly policy: SchedulingPolicy,
    private readonly stats: ModelStatsRecorder,
  ) {
    pool.onInstanceDeath = () => this.dispatch();
  }

  /** Runs one request (its batch dim already checked against max_batch_size) and resolves with its outputs. */
  submit(feeds: Record<string, Tensor>, batch: number): Promise<{ outputs: Record<string, Tensor>; timings: RequestTimings }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ feeds, batch, signature: signatureOf(feeds, this.policy.maxBatchSize > 0), enqueuedAt: now(), resolve, reject });
      this.stats.setPending(this.queue.length);
      this.dispatch();
    });
  }

  get pendingCount(): number {
    return this.queue.length;
  }

  private dispatch(): void {
    const dead = this.pool.allDead;
    if (dead !== undefined) {
      this.rejectQueued(new SessionRunError('E_SERVE_WORKER', dead, false));
      this.stats.setPending(0);
      return;
    }
    while (this.pool.idleCount > 0 && this.queue.length > 0) {
      const group = this.nextGroup();
      if (group === undefined) return;
      this.stats.setPending(this.queue.length);
      void this.execute(group);
    }
  }

  /** The requests to run next, removed from the queue; undefined while dynamic batching waits for more. */
  private nextGroup(): Queued[] | undefined {
    const { dynamicBatching, maxBatchSize } = this.policy;
    if (dynamicBatching === undefined || maxBatchSize === 0) return this.queue.splice(0, 1);
    const oldest = this.queue[0]!;
    const candidates: number[] = [];
    let size = 0;
    let preferredEnd = -1;
    this.queue.forEach((entry, index) => {
      if (entry.signature !== oldest.signature || size + entry.batch > maxBatchSize) return;
      size += entry.batch;
      candidates.push(index);
      if (dynamicBatching.preferredBatchSizes.includes(size)) preferredEnd = candidates.length;
    });
    const waited = Number(now() - oldest.enqueuedAt);
    const take = preferredEnd > 0 ? candidates.slice(0, preferredEnd) : waited >= dynamicBatching.maxQueueDelayNs ? candidates : undefined;
    if (take === undefined) {
      this.timer ??= setTimeout(
        () => {
          this.timer = undefined;
          this.dispatch();
        },
        Math.max(0, (dynamicBatching.maxQueueDelayNs - waited) / 1e6),
      );
      return undefined;
    }
    const chosen = new Set(take);
    const group = take.map((index) => this.queue[index]!);
    for (let index = this.queue.length - 1; index >= 0; index--) if (chosen.has(index)) this.queue.splice(index, 1);
    return group;
  }

  private async execute(group: Queued[]): Promise<void> {
    const started = now();
    const batched = this.policy.maxBatchSize > 0;
    try {
      // A batch's requests go to the instance as parts written one after the other (never copied together here).
      const feeds: Record<string, FrameTensor> = {};
      for (const name of Object.keys(group[0]!.feeds)) feeds[name] = group.length === 1 ? group[0]!.feeds[name]! : group.map((q) => q.feeds[name]!);
      const sent = now();
      const { outputs, runNs } = await this.pool.run(feeds);
      const received = now();
      // Triton's compute_infer is the model's own run; the hops to and from the instance process count as
      // moving the input in and the output out, half each.
      const hopNs = Math.max(0, Number(received - sent) - runNs);
      const inferStart = sent + BigInt(Math.round(hopNs / 2));
      const inferEnd = inferStart + BigInt(runNs);
      const pieces = group.map(() => ({}) as Record<string, Tensor>);
      const sizes = group.map((q) => q.batch);
      for (const [name, tensor] of Object.entries(outputs)) {
        const parts = batched ? splitBatch(tensor, sizes) : [tensor];
        parts.forEach((part, i) => {
          pieces[i]![name] = part;
        });
      }
      const done = now();
      const timings = (q: Queued): RequestTimings => ({
        queueNs: Number(started - q.enqueuedAt),
        computeInputNs: Number(inferStart - started),
        computeInferNs: Number(inferEnd - inferStart),
        computeOutputNs: Number(done - inferEnd),
      });
      this.stats.recordExecution(
        sizes.reduce((n, s) => n + s, 0),
        Number(inferStart - started),
        Number(inferEnd - inferStart),
        Number(done - inferEnd),
      );
      group.forEach((q, i) => {
        q.resolve({ outputs: pieces[i]!, timings: timings(q) });
      });
    } catch (error) {
      for (const q of group) q.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.dispatch();
    }
  }

  /** Fails what is still queued (the model is being unloaded). */
  rejectQueued(error: Error): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const q of this.queue.splice(0)) q.reject(error);
  }
}
