import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { windowsAreStable } from '@pipeline/benchmark';
import { statusKind } from './error-kind.js';
import { type Completion, HttpConnection, requestBytes } from './http-connection.js';
import { nextGapMs } from './schedule.js';
import type { LoadMeasurement, LoadSpec, TargetSpec, WindowSpec } from './types.js';
import { latencyFigures, newHistogram, WindowAccumulator } from './window.js';

/** perf_analyzer merges, and its rule compares, the last three windows. */
const COMPARED = 3;
/** A connection whose request failed waits this long before the next, so a dead server is not hammered. */
const ERROR_BACKOFF_MS = 20;

/**
 * Sends the load and measures it, inside the load generator's own process: one keep-alive
 * connection per request in flight (as perf_analyzer's HTTP client), completions counted in the
 * window they complete in, and a sweeper that ends any request older than the timeout — so every
 * request, and so every loop, is bounded in time.
 */
export class LoadEngine {
  private readonly requests: Buffer[];
  private readonly connections: HttpConnection[] = [];
  private next = 0;
  private inFlight = 0;
  private maxInFlight = 0;
  private current: WindowAccumulator;
  private running = false;
  private onComplete: (() => void) | undefined;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly target: TargetSpec) {
    const url = new URL(target.url);
    const bodies = target.bodies.length > 0 ? target.bodies : [undefined];
    this.requests = bodies.map((body) => requestBytes(url, target.method, target.headers, body));
    this.connection = () =>
      new HttpConnection(
        { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)), secure: url.protocol === 'https:', tls: target.tls },
        target.connect_timeout_ms,
      );
    this.current = new WindowAccumulator(performance.now());
    this.sweeper = setInterval(() => this.expireOld(), Math.max(5, Math.min(50, target.timeout_ms / 4)));
  }

  private readonly connection: () => HttpConnection;

  private expireOld(): void {
    const limit = performance.now() - this.target.timeout_ms;
    for (const c of this.connections) if (c.busy && c.startedAt > 0 && c.startedAt < limit) c.expire('timeout');
  }

  /** Sends the next request on `connection`; `done` (made once per loop, not per request) gets its outcome. */
  private send(connection: HttpConnection, done: (c: Completion) => void): void {
    this.current.started++;
    if (++this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    const request = this.requests[this.next++ % this.requests.length] as Buffer;
    connection.send(request, done);
  }

  /** Counts a completion in the current window; true when it succeeded. */
  private count(c: Completion): boolean {
    this.inFlight--;
    let ok = false;
    if (!c.ok) this.current.fail(c.kind);
    else if (c.status >= 200 && c.status < 300) {
      // The connection's own timestamps: just before the write, just after the response's last byte.
      this.current.ok((c.endedAt - c.sentAt) * 1000, (c.headersAt - c.sentAt) * 1000);
      ok = true;
    } else this.current.fail(statusKind(c.status));
    this.onComplete?.();
    return ok;
  }

  /** Keeps one request in flight on one connection until the measurement stops. */
  private concurrencyLoop(connection: HttpConnection): Promise<void> {
    return new Promise((resolve) => {
      const again = (c: Completion) => {
        const ok = this.count(c);
        if (!this.running) return resolve();
        if (ok) this.send(connection, again);
        else setTimeout(() => (this.running ? this.send(connection, again) : resolve()), ERROR_BACKOFF_MS);
      };
      this.send(connection, again);
    });
  }

  /** Starts requests on the schedule on idle connections; with `max_in_flight` out, the schedule waits (and the achieved rate shows it). */
  private async rateLoop(load: Extract<LoadSpec, { mode: 'request-rate' }>): Promise<void> {
    const cap = load.max_in_flight ?? 1024;
    const state = { seed: load.seed ?? 1 };
    const idle: HttpConnection[] = [];
    let freed: (() => void) | undefined;
    let due = performance.now();
    while (this.running) {
      const now = performance.now();
      if (due > now + 1) await sleep(Math.floor(due - now));
      else if (due > now) await new Promise((r) => setImmediate(r));
      if (!this.running) break;
      if (this.inFlight >= cap) {
        await new Promise<void>((r) => {
          freed = r;
        });
        continue;
      }
      let connection = idle.pop();
      if (!connection) {
        connection = this.connection();
        this.connections.push(connection);
      }
      const used = connection;
      this.send(used, (c) => {
        this.count(c);
        idle.push(used);
        freed?.();
        freed = undefined;
      });
      due += nextGapMs(load.rate_per_s, load.distribution, state);
    }
    while (this.inFlight > 0) await sleep(5);
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
    let loops: Promise<void>[];
    if (load.mode === 'concurrency') {
      while (this.connections.length < load.concurrency) this.connections.push(this.connection());
      loops = this.connections.slice(0, load.concurrency).map((c) => this.concurrencyLoop(c));
    } else loops = [this.rateLoop(load)];
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
    clearInterval(this.sweeper);
    for (const c of this.connections) c.close();
  }
}
