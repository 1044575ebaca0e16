import * as hdr from 'hdr-histogram-js';
import type { LatencyFigures, WindowFigures } from './types.js';

/**
 * Latencies are recorded in microseconds in an HDR histogram (hdr-histogram-js, the TypeScript port
 * autocannon uses): constant memory whatever the request count, 3 significant digits (±0.1%) from 1 µs
 * to an hour, and histograms of windows add exactly, which the merge of the last three needs.
 */
export function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
}

/**
 * Latencies below this many µs are first tallied in a plain array (one increment per request, where
 * recording into the HDR histogram costs its bucket arithmetic, Math.pow and log2 — a few hundred ns) and
 * added to the histogram, as value × count, when it is read. Both hold whole µs, so the histogram ends up
 * the same as if each value had been recorded on its own.
 */
const STAGED_US = 16_384;

/** What happens in one window: completions are counted in the window they complete in. */
export class WindowAccumulator {
  private readonly recorded = newHistogram();
  private readonly staged = new Uint32Array(STAGED_US);
  private stagedLow = STAGED_US;
  private stagedHigh = -1;
  started = 0;
  completed = 0;
  errors = 0;
  readonly errorsByKind: Record<string, number> = {};
  untilHeadersUs = 0;
  bodyUs = 0;
  readonly startedAt: number;
  endedAt = 0;

  constructor(now: number) {
    this.startedAt = now;
  }

  ok(latencyUs: number, untilHeadersUs: number): void {
    this.completed++;
    const us = Math.max(1, Math.round(latencyUs));
    if (us < STAGED_US) {
      this.staged[us] = (this.staged[us] as number) + 1;
      if (us < this.stagedLow) this.stagedLow = us;
      if (us > this.stagedHigh) this.stagedHigh = us;
    } else this.recorded.recordValue(us);
    this.untilHeadersUs += untilHeadersUs;
    this.bodyUs += latencyUs - untilHeadersUs;
  }

  /** The window's latencies in µs; reading it adds the staged tallies in first. */
  get histogram(): hdr.Histogram {
    for (let us = this.stagedLow; us <= this.stagedHigh; us++) {
      const count = this.staged[us] as number;
      if (count === 0) continue;
      this.recorded.recordValueWithCount(us, count);
      this.staged[us] = 0;
    }
    this.stagedLow = STAGED_US;
    this.stagedHigh = -1;
    return this.recorded;
  }

  fail(kind: string): void {
    this.errors++;
    this.errorsByKind[kind] = (this.errorsByKind[kind] ?? 0) + 1;
  }

  figures(stabilizeOn: 'average' | number): WindowFigures {
    const durationMs = this.endedAt - this.startedAt;
    const seconds = durationMs / 1000;
    const mean = this.completed > 0 ? this.histogram.mean / 1000 : 0;
    const stabilizing = stabilizeOn === 'average' || this.completed === 0 ? mean : this.histogram.getValueAtPercentile(stabilizeOn) / 1000;
    return {
      started: this.started,
      completed: this.completed,
      errors: this.errors,
      duration_ms: durationMs,
      throughput_per_s: seconds > 0 ? this.completed / seconds : 0,
      started_per_s: seconds > 0 ? this.started / seconds : 0,
      mean_latency_ms: mean,
      stabilizing_latency_ms: stabilizing,
    };
  }
}

/** Latency figures of a histogram, in ms; `extra` adds a percentile that is not 50/90/95/99. */
export function latencyFigures(histogram: hdr.Histogram, extra?: number): LatencyFigures {
  const at = (p: number) => histogram.getValueAtPercentile(p) / 1000;
  const figures: LatencyFigures = {
    min_ms: histogram.minNonZeroValue / 1000,
    max_ms: histogram.maxValue / 1000,
    mean_ms: histogram.mean / 1000,
    std_ms: histogram.stdDeviation / 1000,
    p50_ms: at(50),
    p90_ms: at(90),
    p95_ms: at(95),
    p99_ms: at(99),
  };
  if (extra !== undefined && ![50, 90, 95, 99].includes(extra)) figures.extra = { percentile: extra, ms: at(extra) };
  return figures;
}
