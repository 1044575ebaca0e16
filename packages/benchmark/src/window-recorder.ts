import type { MeasurementWindow } from './report-schema.js';
import { SampleBuffer } from './sample-buffer.js';
import { windowsAreStable } from './stability.js';

/** When a phase (warm-up, one window) is complete: at least `runs` runs and at least `ms` elapsed. */
export interface PhaseLength {
  runs: number;
  ms: number;
}

export interface RecorderOptions {
  warmup: PhaseLength;
  window: PhaseLength;
  /** Repeat windows until stable or `maxWindows`; `false` measures exactly one window. */
  stability: { tolerancePct: number; maxWindows: number; compared: number } | false;
  /**
   * Clock time (ms) after which no new window starts: the window that closes past it is the last, stable
   * or not. Checked when a window closes, so a measurement overruns it by at most one window.
   */
  deadlineMs?: number;
}

/** A closed window with its own samples; `summary` is what the stability rule and the report see. */
export interface RecordedWindow {
  summary: MeasurementWindow;
  latencies: Float64Array;
  /** Sum of the window's latencies, for the host-overhead estimate. */
  busyMs: number;
}

/**
 * The bookkeeping of the timing loop, O(1) per run: warm-up until both warm-up minima hold, then
 * windows back to back (a window closes at the completion that meets both window minima), the
 * stability rule checked once per window. Completions after `done` are dropped.
 */
export class WindowRecorder {
  readonly windows: RecordedWindow[] = [];
  done = false;
  stable = false;
  /** True when the deadline, not the stability rule or `maxWindows`, ended the measurement. */
  outOfBudget = false;
  warmupRuns = 0;
  warmupMs = 0;
  #warming: boolean;
  #phaseStart: number;
  #buffer: SampleBuffer;
  #busy = 0;
  readonly #options: RecorderOptions;

  constructor(options: RecorderOptions, startMs: number) {
    this.#options = options;
    this.#phaseStart = startMs;
    this.#warming = options.warmup.runs > 0 || options.warmup.ms > 0;
    this.#buffer = new SampleBuffer(options.window.runs > 0 ? options.window.runs * 2 : 4096);
  }

  /** Records one completed run that started at `start` and finished at `end` (ms). */
  record(start: number, end: number): void {
    if (this.done) return;
    if (this.#warming) {
      this.warmupRuns++;
      const { runs, ms } = this.#options.warmup;
      if (this.warmupRuns >= runs && end - this.#phaseStart >= ms) {
        this.warmupMs = end - this.#phaseStart;
        this.#warming = false;
        this.#phaseStart = end;
      }
      return;
    }
    const latency = end - start;
    this.#buffer.push(latency);
    this.#busy += latency;
    const { runs, ms } = this.#options.window;
    const elapsed = end - this.#phaseStart;
    if (this.#buffer.length >= runs && elapsed >= ms) this.#closeWindow(end, elapsed);
  }

  #closeWindow(end: number, durationMs: number): void {
    const latencies = this.#buffer.view().slice();
    const count = latencies.length;
    this.windows.push({
      summary: {
        runs: count,
        duration_ms: durationMs,
        // A clock too coarse to see the window gives no throughput figure; the stability rule then refuses it.
        inferences_per_s: durationMs > 0 ? (count * 1000) / durationMs : 0,
        mean_latency_ms: this.#busy / count,
      },
      latencies,
      busyMs: this.#busy,
    });
    this.#buffer = new SampleBuffer(Math.max(count * 2, 16));
    this.#busy = 0;
    this.#phaseStart = end;
    const stability = this.#options.stability;
    if (stability === false) {
      this.done = true;
      return;
    }
    const summaries = this.windows.map((w) => w.summary);
    if (windowsAreStable(summaries, { tolerancePct: stability.tolerancePct, compared: stability.compared })) {
      this.stable = true;
      this.done = true;
    } else if (this.windows.length >= stability.maxWindows) {
      this.done = true;
    } else if (this.#options.deadlineMs !== undefined && end >= this.#options.deadlineMs) {
      this.outOfBudget = true;
      this.done = true;
    }
  }
}
