/**
 * One ONNX Runtime session in a worker thread. `pipeline serve` starts one per model instance
 * (instance_group count), so requests to different instances really run in parallel and the event loop
 * stays free for HTTP. Messages: the parent sends `{ id, feeds }`, the worker answers `{ id, outputs }`
 * or `{ id, error }`; first it says `{ ready }` with the model's inputs and outputs, or `{ failed }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isPipelineError } from '@pipeline/errors';
import type { Runner } from '@pipeline/runner';
import { openOnnxRuntime } from '@pipeline/runner-onnxruntime';
import type { Tensor } from '@pipeline/tensor';
import type { WorkerReply, WorkerRequest, WorkerSettings } from './worker-protocol.js';

const settings = workerData as WorkerSettings;
const port = parentPort;
if (port === null) throw new Error('session-worker.js runs only as a worker thread');

const transferables = (tensors: Record<string, Tensor>) =>
  Object.values(tensors).flatMap((t) => (t.dtype === 'string' ? [] : [(t.data as Float32Array).buffer as ArrayBuffer]));

let runner: Runner;
try {
  runner = await openOnnxRuntime(settings.modelPath, { intraOpThreads: settings.intraOpThreads, interOpThreads: 1 });
  port.postMessage({ type: 'ready', inputs: [...runner.inputs], outputs: [...runner.outputs] } satisfies WorkerReply);
} catch (error) {
  port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
  process.exit(0);
}

port.on('message', async (request: WorkerRequest | { type: 'close' }) => {
  if ('type' in request) {
    await runner.close();
    process.exit(0);
  }
  try {
    const started = process.hrtime.bigint();
    const outputs = await runner.run(request.feeds);
    const reply: WorkerReply = { type: 'result', id: request.id, outputs, runNs: Number(process.hrtime.bigint() - started) };
    // ORT hands back fresh buffers: move them instead of copying, unless the binding made them undetachable.
    try {
      port.postMessage(reply, transferables(outputs));
    } catch {
      port.postMessage(reply);
    }
  } catch (error) {
    const reply: WorkerReply = {
      type: 'error',
      id: request.id,
      code: isPipelineError(error) ? error.code : 'E_SERVE_RUN',
      message: error instanceof Error ? error.message : String(error),
      userError: isPipelineError(error) && error.exitCode === 2,
    };
    port.postMessage(reply);
  }
});
