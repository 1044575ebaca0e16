import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { StageFailedError } from '@pipeline/errors';
import type { LoadMeasurement, LoadSpec, TargetSpec, WindowSpec } from './types.js';
import type { FromWorker, ToWorker } from './worker.js';

/**
 * The load generator process's compiled file, found by package resolution (`@pipeline/loadgen/worker`), so it is found
 * from the CLI's bundle too (whose chunks sit elsewhere); failing that, next to this file in dist/, or
 * dist/ when running from the TypeScript sources.
 */
function workerUrl(): URL {
  try {
    return new URL(import.meta.resolve('@pipeline/loadgen/worker'));
  } catch {
    const here = import.meta.url;
    return here.endsWith('.ts') ? new URL('../dist/worker.js', here) : new URL('./worker.js', here);
  }
}

export const DEFAULT_WINDOWS: WindowSpec = {
  mode: 'time',
  window_ms: 5000,
  request_count: 50,
  stability_pct: 10,
  max_windows: 10,
  stabilize_on: 'average',
  max_window_ms: 60_000,
};

export interface LoadGenerator {
  /** The load generator's own process. */
  readonly pid: number | undefined;
  /** Measures one load until stable or out of windows; rejects (never hangs) if the worker does not answer in time. */
  measure(load: LoadSpec, windows?: Partial<WindowSpec>): Promise<LoadMeasurement>;
  /** Ends the load generator's process and its connections. */
  close(): Promise<void>;
}

/** The longest a measurement may take: every window at its bound, plus the request timeout to drain. */
function measurementBoundMs(windows: WindowSpec, target: TargetSpec): number {
  const perWindow = windows.mode === 'time' ? windows.window_ms : windows.max_window_ms;
  return windows.max_windows * perWindow + 2 * (target.timeout_ms + target.connect_timeout_ms) + 5000;
}

/**
 * Starts the load generator in a process of its own, bound to one target: its event loop does nothing
 * but send and count, apart from the caller's (a pipeline run's stages, a server it started) and from
 * the server it measures. Measurements run one at a time (a sweep asks for each load in turn). The child
 * ends with its IPC channel, so it never outlives this process, even one killed with SIGKILL.
 */
export function startLoadGenerator(target: TargetSpec): LoadGenerator {
  // The child gets none of this process's Node flags: it always runs the built JS (a `--conditions=source`
  // from a test runner would point it at TypeScript it cannot load), and an inherited `-e`/`--eval` would
  // make it run that script instead of its own.
  const execArgv: string[] = [];
  // 'advanced' serialization carries the request bodies (Uint8Array) and the measurement as they are.
  const child = fork(fileURLToPath(workerUrl()), [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 0;
  const waiting = new Map<number, { resolve: (m: LoadMeasurement) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  let dead: Error | undefined;
  const failAll = (error: Error) => {
    dead = error;
    for (const [id, w] of waiting) {
      clearTimeout(w.timer);
      w.reject(error);
      waiting.delete(id);
    }
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (message: FromWorker) => {
    if (message.type === 'closed') return;
    const w = waiting.get(message.id);
    if (!w) return;
    waiting.delete(message.id);
    clearTimeout(w.timer);
    if (message.type === 'measured') w.resolve(message.measurement);
    else w.reject(new StageFailedError('E_LOADGEN_FAILED', `load generator: ${message.message}`));
  });
  child.on('error', (error) => failAll(new StageFailedError('E_LOADGEN_FAILED', `load generator process failed: ${error.message}`, { cause: error })));
  child.on('exit', (code, signal) => failAll(new StageFailedError('E_LOADGEN_FAILED', `load generator process exited (${signal ?? code})`)));
  child.send({ type: 'start', target } satisfies ToWorker);
  return {
    pid: child.pid,
    measure(load, partial = {}) {
      const windows = { ...DEFAULT_WINDOWS, ...partial };
      if (dead) return Promise.reject(dead);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const bound = measurementBoundMs(windows, target);
        const timer = setTimeout(() => {
          waiting.delete(id);
          child.kill('SIGKILL');
          reject(new StageFailedError('E_LOADGEN_STUCK', `load generator gave no result within ${bound} ms; it was stopped`));
        }, bound);
        waiting.set(id, { resolve, reject, timer });
        child.send({ type: 'measure', id, load, windows } satisfies ToWorker);
      });
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'close' } satisfies ToWorker);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
