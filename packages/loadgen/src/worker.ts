import { LoadEngine } from './engine.js';
import type { LoadMeasurement, LoadSpec, TargetSpec, WindowSpec } from './types.js';

/** Messages from the process that started this one. */
export type ToWorker = { type: 'start'; target: TargetSpec } | { type: 'measure'; id: number; load: LoadSpec; windows: WindowSpec } | { type: 'close' };
/** Messages back. */
export type FromWorker = { type: 'measured'; id: number; measurement: LoadMeasurement } | { type: 'failed'; id: number; message: string } | { type: 'closed' };

// The load generator's own process: its event loop does nothing but send requests and count, so neither
// the server it measures nor the caller's work skews the timings.
if (!process.send) throw new Error('worker.js runs only as the load generator process (child_process.fork)');
const send = (message: FromWorker) => process.send?.(message);
let engine: LoadEngine | undefined;
// Ctrl-C reaches the whole process group: the parent decides when this process ends (its close, or the
// IPC channel closing when the parent dies), so a measurement is never cut without the parent knowing.
process.on('SIGINT', () => {});
process.on('disconnect', () => process.exit(0));
process.on('message', async (message: ToWorker) => {
  if (message.type === 'start') {
    engine = new LoadEngine(message.target);
    return;
  }
  if (message.type === 'close') {
    await engine?.close();
    send({ type: 'closed' });
    process.disconnect();
    return;
  }
  try {
    if (!engine) throw new Error('measure before start');
    const measurement = await engine.measure(message.load, message.windows);
    send({ type: 'measured', id: message.id, measurement });
  } catch (error) {
    send({ type: 'failed', id: message.id, message: (error as Error).message });
  }
});
