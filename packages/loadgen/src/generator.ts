import { Worker } from 'node:worker_threads';
import { StageFailedError } from '@pipeline/errors';
import type { LoadMeasurement, LoadSpec, TargetSpec, WindowSpec } from './types.js';
import type { FromWorker, ToWorker } from './worker.js';

/**
 * The worker's compiled file, found by package resolution (`@pipeline/loadgen/worker`), so it is found
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
  /** Measures one load until stable or out of windows; rejects (never hangs) if the worker does not answer in time. */
  measure(load: LoadSpec, windows?: Partial<WindowSpec>): Promise<LoadMeasurement>;
  /** Ends the worker and its connections. */
  close(): Promise<void>;
}

/** The longest a measurement may take: every window at its bound, plus the request timeout to drain. */
function measurementBoundMs(windows: WindowSpec, target: TargetSpec): number {
  const perWindow = windows.mode === 'time' ? windows.window_ms : windows.max_window_ms;
  return windows.max_windows * perWindow + 2 * (target.timeout_ms + target.connect_timeout_ms) + 5000;
}

/**
 * Starts the load generator in its own worker thread, bound to one target. Measurements run one at a
 * time (a sweep asks for each load in turn).
 */
export function startLoadGenerator(target: TargetSpec): LoadGenerator {
  // The worker always runs the built JS, so it resolves workspace packages by their built export: a
  // `--conditions=source` inherited from a test runner would point it at TypeScript it cannot load.
  const execArgv = process.execArgv.filter((arg, i, all) => !arg.startsWith('--conditions') && !arg.startsWith('-C') && all[i - 1] !== '--conditions' && all[i - 1] !== '-C');
  const worker = new Worker(workerUrl(), { workerData: target, execArgv });
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
  worker.on('message', (message: FromWorker) => {
    if (message.type === 'closed') return;
    const w = waiting.get(message.id);
    if (!w) return;
    waiting.delete(message.id);
    clearTimeout(w.timer);
    if (message.type === 'measured') w.resolve(message.measurement);
    else w.reject(new StageFailedError('E_LOADGEN_FAILED', `load generator: ${message.message}`));
  });
  worker.on('error', (error) => failAll(new StageFailedError('E_LOADGEN_FAILED', `load generator worker failed: ${error.message}`, { cause: error })));
  worker.on('exit', (code) => failAll(new StageFailedError('E_LOADGEN_FAILED', `load generator worker exited (${code})`)));
  return {
    measure(load, partial = {}) {
      const windows = { ...DEFAULT_WINDOWS, ...partial };
      if (dead) return Promise.reject(dead);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const bound = measurementBoundMs(windows, target);
        const timer = setTimeout(() => {
          waiting.delete(id);
          void worker.terminate();
          reject(new StageFailedError('E_LOADGEN_STUCK', `load generator gave no result within ${bound} ms; it was stopped`));
        }, bound);
        waiting.set(id, { resolve, reject, timer });
        worker.postMessage({ type: 'measure', id, load, windows } satisfies ToWorker);
      });
    },
    async close() {
      if (dead) return;
      const closed = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'close' } satisfies ToWorker);
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await closed;
      clearTimeout(timer);
    },
  };
}
