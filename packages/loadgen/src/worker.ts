import { parentPort, workerData } from 'node:worker_threads';
import { LoadEngine } from './engine.js';
import type { LoadMeasurement, LoadSpec, TargetSpec, WindowSpec } from './types.js';

/** Messages from the main thread. */
export type ToWorker = { type: 'measure'; id: number; load: LoadSpec; windows: WindowSpec } | { type: 'close' };
/** Messages back. */
export type FromWorker = { type: 'measured'; id: number; measurement: LoadMeasurement } | { type: 'failed'; id: number; message: string } | { type: 'closed' };

// The load generator's own thread: its event loop does nothing but send requests and count, so neither
// the server it measures (another process) nor the caller's work skews the timings.
const engine = new LoadEngine(workerData as TargetSpec);
const port = parentPort;
port?.on('message', async (message: ToWorker) => {
  if (message.type === 'close') {
    await engine.close();
    port.postMessage({ type: 'closed' } satisfies FromWorker);
    port.close();
    return;
  }
  try {
    const measurement = await engine.measure(message.load, message.windows);
    port.postMessage({ type: 'measured', id: message.id, measurement } satisfies FromWorker);
  } catch (error) {
    port.postMessage({ type: 'failed', id: message.id, message: (error as Error).message } satisfies FromWorker);
  }
});
