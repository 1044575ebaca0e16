import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Tensor, TensorSpec } from '@pipeline/tensor';
import { ModelLoadError } from './complete-config.js';
import type { WorkerReply, WorkerRequest, WorkerSettings } from './worker-protocol.js';

/** A run that failed inside ONNX Runtime; `userError` when the feeds were wrong rather than the server. */
export class SessionRunError extends Error {
  override name = 'SessionRunError';
  constructor(
    readonly code: string,
    message: string,
    readonly userError: boolean,
  ) {
    super(message);
  }
}

/**
 * Where the built worker script is. Run from source (tests use the `source` condition) a worker cannot load
 * TypeScript, and inside the CLI's bundle this module is a chunk with no worker beside it; in both cases the
 * package's own dist/ copy, found through node_modules, is the one to start.
 */
function workerPath(): string {
  const here = import.meta.url;
  if (here.endsWith('/serve/dist/session-pool.js')) return new URL('./session-worker.js', here).pathname;
  const manifest = createRequire(here).resolve('@pipeline/serve/package.json');
  return path.join(path.dirname(manifest), 'dist', 'session-worker.js');
}

/** A run's outputs and how long the session itself took (the rest of the round trip is thread hops). */
export interface SessionResult {
  outputs: Record<string, Tensor>;
  runNs: number;
}

interface Instance {
  worker: Worker;
  busy: boolean;
  pending: { id: number; resolve: (result: SessionResult) => void; reject: (error: Error) => void } | undefined;
}

/** `count` ONNX Runtime sessions of one model, each in its own worker thread. */
export class SessionPool {
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly instances: Instance[],
    readonly inputs: readonly TensorSpec[],
    readonly outputs: readonly TensorSpec[],
  ) {}

  /** Starts the workers and waits until every session is open; one that cannot open fails them all. */
  static async open(modelPath: string, count: number, intraOpThreads: number): Promise<SessionPool> {
    const settings: WorkerSettings = { modelPath, intraOpThreads };
    // No inherited execArgv: a parent run under a test runner's `--conditions=source` would send the
    // worker's imports to TypeScript sources it cannot load.
    const started = Array.from({ length: count }, () => new Worker(workerPath(), { workerData: settings, execArgv: [] }));
    const ready = started.map(
      (worker) =>
        new Promise<{ inputs: TensorSpec[]; outputs: TensorSpec[] }>((resolve, reject) => {
          worker.once('message', (reply: WorkerReply) => {
            if (reply.type === 'ready') resolve({ inputs: reply.inputs, outputs: reply.outputs });
            else reject(new ModelLoadError(reply.type === 'failed' ? reply.message : `unexpected first message ${reply.type}`));
          });
          worker.once('error', (error) => reject(new ModelLoadError(`the session worker failed to start: ${error.message}`)));
        }),
    );
    // Every worker is let finish opening before any is stopped: terminating a thread while ONNX Runtime is
    // inside a native call aborts the whole process.
    const settled = await Promise.allSettled(ready);
    const failure = settled.find((s) => s.status === 'rejected');
    if (failure !== undefined) {
      await Promise.all(started.map((worker) => stopWorker(worker)));
      throw failure.reason;
    }
    const first = (settled[0] as PromiseFulfilledResult<{ inputs: TensorSpec[]; outputs: TensorSpec[] }>).value;
    const instances = started.map((worker): Instance => ({ worker, busy: false, pending: undefined }));
    const pool = new SessionPool(instances, first.inputs, first.outputs);
    for (const instance of instances) pool.listen(instance);
    return pool;
  }

  private listen(instance: Instance): void {
    instance.worker.on('message', (reply: WorkerReply) => {
      const pending = instance.pending;
      if (pending === undefined || !('id' in reply) || reply.id !== pending.id) return;
      instance.pending = undefined;
      instance.busy = false;
      if (reply.type === 'result') pending.resolve({ outputs: reply.outputs, runNs: reply.runNs });
      else if (reply.type === 'error') pending.reject(new SessionRunError(reply.code, reply.message, reply.userError));
    });
    const fail = (reason: string) => {
      instance.pending?.reject(new SessionRunError('E_SERVE_WORKER', reason, false));
      instance.pending = undefined;
      // A dead instance stays busy forever, so nothing is sent to it again.
      instance.busy = true;
    };
    instance.worker.on('error', (error) => fail(`a session worker failed: ${error.message}`));
    instance.worker.on('exit', (code) => {
      if (!this.closed) fail(`a session worker exited (code ${code})`);
    });
  }

  get idleCount(): number {
    return this.instances.filter((i) => !i.busy).length;
  }

  get size(): number {
    return this.instances.length;
  }

  /** Runs feeds on an idle instance; the caller (the scheduler) only calls it when `idleCount > 0`. */
  run(feeds: Record<string, Tensor>): Promise<SessionResult> {
    const instance = this.instances.find((i) => !i.busy);
    if (instance === undefined || this.closed) return Promise.reject(new SessionRunError('E_SERVE_BUSY', 'no idle model instance', false));
    instance.busy = true;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      instance.pending = { id, resolve, reject };
      const request: WorkerRequest = { id, feeds };
      instance.worker.postMessage(request);
    });
  }

  /** Lets runs in progress finish, then each worker releases its session and exits. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.instances.map(async (instance) => {
        const pending = instance.pending;
        if (pending !== undefined) await new Promise((resolve) => instance.worker.once('message', resolve));
        await stopWorker(instance.worker);
      }),
    );
  }
}

/** Asks a worker to release its session and exit; one that does not within 10 s is terminated. */
async function stopWorker(worker: Worker): Promise<void> {
  // A worker that has exited (one that failed to open its session exits by itself) has threadId -1.
  if (worker.threadId === -1) return;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  try {
    worker.postMessage({ type: 'close' });
  } catch {
    // Already gone.
  }
  const timer = setTimeout(() => void worker.terminate(), 10_000);
  await exited;
  clearTimeout(timer);
}
