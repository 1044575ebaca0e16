import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { windowsAreStable } from '@pipeline/benchmark';
import { Pool } from 'undici';
import { errorKind, statusKind } from './error-kind.js';
import { nextGapMs } from './schedule.js';
import type { LoadMeasurement, LoadSpec, TargetSpec, WindowSpec } from './types.js';
import { latencyFigures, newHistogram, WindowAccumulator } from './window.js';

/** perf_analyzer merges, and its rule compares, the last three windows. */
const COMPARED = 3;
/** A loop whose request failed at the connection waits this long before the next, so a dead server is not hammered. */
const CONNECTION_ERROR_BACKOFF_MS = 20;

/**
 * Sends the load and measures it, inside the load generator's worker thread. undici's Pool keeps
 * one keep-alive connection per request in flight (pipelining 1, as perf_analyzer's HTTP client),
 * with per-request connect, header and body timeouts (no timer per request: they are the pool's), so no
 * request waits for ever.
 */
export class LoadEngine {
  private readonly pool: Pool;
  private readonly path: string;
  private next = 0;
  private inFlight = 0;
  private maxInFlight = 0;
  private current: WindowAccumulator;
  private running = false;
  private onComplete: (() => void) | undefined;

  constructor(private readonly target: TargetSpec) {
    const url = new URL(target.url);
    this.path = `${url.pathname}${url.search}`;
    const connect = { timeout: target.connect_timeout_ms, ...(target.tls ? { ca: target.tls.ca, rejectUnauthorized: target.tls.reject_unauthorized ?? true } : {}) };
    this.pool = new Pool(url.origin, { connections: null, pipelining: 1, connect, headersTimeout: target.timeout_ms, bodyTimeout: target.timeout_ms });
    this.current = new WindowAccumulator(performance.now());
  }

  /** One request: latency from send to the last body byte; a non-2xx status is an error of its kind. */
  private async one(): Promise<boolean> {
    const window = this.current;
    window.started++;
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    const bodies = this.target.bodies;
    const body = bodies.length > 0 ? bodies[this.next++ % bodies.length] : undefined;
    const t0 = performance.now();
    try {
      const response = await this.pool.request({
        path: this.path,
        method: this.target.method,
        headers: this.target.headers,
        ...(body ? { body } : {}),
      });
      const t1 = performance.now();
      await response.body.dump({ limit: Number.POSITIVE_INFINITY });
      const t2 = performance.now();
      if (response.statusCode >= 200 && response.statusCode < 300) this.current.ok((t2 - t0) * 1000, (t1 - t0) * 1000);
      else this.current.fail(statusKind(response.statusCode));
      return true;
    } catch (error) {
      this.current.fail(errorKind(error));
      return false;
    } finally {
      this.inFlight--;
      this.onComplete?.();
    }
  }

  private async concurrencyLoop(): Promise<void> {
    while (this.running) {
      const ok = await this.one();
      if (!ok && this.running) await sleep(CONNECTION_ERROR_BACKOFF_MS);
    }
  }

  /** Starts requests on the schedule; when `max_in_flight` are out, the schedule waits (and the achieved rate shows it). */
  private async rateLoop(load: Extract<LoadSpec, { mode: 'request-rate' }>): Promise<void> {
    const cap = load.max_in_flight ?? 1024;
    const state = { seed: load.seed ?? 1 };
    let due = performance.now();
    const pending = new Set<Promise<boolean>>();
    while (this.running) {
      const now = performance.now();
      if (due > now + 1) await sleep(Math.floor(due - now));
      else if (due > now) await new Promise((r) => setImmediate(r));
      if (!this.running) break;
      if (this.inFlight >= cap) {
        await Promise.race(pending);
        continue;
      }
      const p = this.one();
      pending.add(p);
      void p.finally(() => pending.delete(p));
      due += nextGapMs(load.rate_per_s, load.distribution, state);
    }
    await Promise.allSettled(pending);
  }

  /** Waits for the current window to end: its time, or its count (bounded by `max_window_ms`). */
  private async windowEnd(spec: WindowSpec): Promise<void> {
    if (spec.mode === 'time') return void (await sleep(spec.window_ms));
    const window = this.current;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, spec.max_window_ms);
      this.onComplete = () => {
        if (window.completed + window.errors >= spec.request_count) done();
      };
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
    this.onComplete = undefined;
  }

  /** Runs windows under `load` until the last three agree within `stability_pct`, or `max_windows` ran. */
  async measure(load: LoadSpec, spec: WindowSpec): Promise<LoadMeasurement> {
    this.running = true;
    this.maxInFlight = 0;
    this.current = new WindowAccumulator(performance.now());
    const loops = load.mode === 'concurrency' ? Array.from({ length: load.concurrency }, () => this.concurrencyLoop()) : [this.rateLoop(load)];
    const windows: WindowAccumulator[] = [];
    let stable = false;
    try {
      while (windows.length < spec.max_windows && !stable) {
        await this.windowEnd(spec);
        const ended = this.current;
        ended.endedAt = performance.now();
        this.current = new WindowAccumulator(ended.endedAt);
        windows.push(ended);
        const figures = windows.map((w) => w.figures(spec.stabilize_on));
        stable = windowsAreStable(
          figures.map((f) => ({ runs: f.completed, duration_ms: f.duration_ms, inferences_per_s: f.throughput_per_s, mean_latency_ms: f.stabilizing_latency_ms })),
          { tolerancePct: spec.stability_pct, compared: COMPARED },
        );
      }
    } finally {
      this.running = false;
      await Promise.allSettled(loops);
    }
    return this.merge(load, spec, windows, stable);
  }

  private merge(load: LoadSpec, spec: WindowSpec, windows: WindowAccumulator[], stable: boolean): LoadMeasurement {
    const last = windows.slice(-COMPARED);
    const histogram = newHistogram();
    const errors: Record<string, number> = {};
    let ok = 0;
    let started = 0;
    let durationMs = 0;
    let untilHeaders = 0;
    let body = 0;
    for (const w of last) {
      histogram.add(w.histogram);
      ok += w.completed;
      started += w.started;
      durationMs += w.endedAt - w.startedAt;
      untilHeaders += w.untilHeadersUs;
      body += w.bodyUs;
      for (const [kind, n] of Object.entries(w.errorsByKind)) errors[kind] = (errors[kind] ?? 0) + n;
    }
    const seconds = durationMs / 1000;
    return {
      load,
      windows: windows.map((w) => w.figures(spec.stabilize_on)),
      stable,
      outcome: stable ? 'stable' : 'max-windows',
      requests_ok: ok,
      started,
      duration_ms: durationMs,
      throughput_per_s: seconds > 0 ? ok / seconds : 0,
      started_per_s: seconds > 0 ? started / seconds : 0,
      latency: ok > 0 ? latencyFigures(histogram, spec.stabilize_on === 'average' ? undefined : spec.stabilize_on) : undefined,
      client_ms: ok > 0 ? { until_headers: untilHeaders / ok / 1000, body: body / ok / 1000 } : undefined,
      errors_by_kind: errors,
      max_in_flight: this.maxInFlight,
    };
  }

  async close(): Promise<void> {
    this.running = false;
    await this.pool.destroy();
  }
}

