/**
 * One model instance: a process holding one ONNX Runtime session. `pipeline serve` starts one per
 * instance (instance_group count) because onnxruntime-node is safe in one JavaScript environment per
 * process only (it keeps process-global state that worker threads share, and has aborted processes that
 * loaded it in several threads); the server's own process never loads it.
 * It talks to the server over fd 3 in frames (instance-frames.ts): first Ready or Failed, then a Result or
 * an Error for each Run, until Close or the end of the pipe (the server exited or was killed).
 */
import { Socket } from 'node:net';
import { isPipelineError } from '@pipeline/errors';
import type { Runner } from '@pipeline/runner';
import { openOnnxRuntime } from '@pipeline/runner-onnxruntime';
import { ReusingFrameReader } from './frame-reader.js';
import { decodeFrame, encodeFrame, FrameKind } from './instance-frames.js';
import { INSTANCE_FD, type InstanceRunFailure, type InstanceSettings } from './instance-protocol.js';

const settings = JSON.parse(process.argv[2] ?? '{}') as InstanceSettings;
const reader = new ReusingFrameReader((bytes) => {
  const frame = decodeFrame(bytes);
  if (frame.kind === FrameKind.Close) void exit();
  else if (frame.kind === FrameKind.Run) void run(frame.id, frame.tensors);
});
// `onread` is a documented option of net.Socket that @types/node lists for connect() only.
const pipe = new Socket({
  fd: INSTANCE_FD,
  readable: true,
  writable: true,
  // Reads land in one reused buffer (no allocation per read); a frame read whole is decoded where it lies.
  onread: {
    buffer: Buffer.allocUnsafeSlow(1 << 20),
    callback: (size: number, buffer: Uint8Array) => {
      reader.push(buffer.subarray(0, size));
      return true;
    },
  },
} as ConstructorParameters<typeof Socket>[0]);
// Ctrl-C in a terminal signals the whole process group; the server decides when instances stop (after
// the requests in flight), and a server that is gone ends the pipe, which ends this process.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});

const send = (parts: Uint8Array[]) => {
  pipe.cork();
  for (const part of parts) pipe.write(part);
  pipe.uncork();
};

let runner: Runner | undefined;
let exiting = false;
const exit = async () => {
  if (exiting) return;
  exiting = true;
  await runner?.close();
  pipe.end(() => process.exit(0));
  // A pipe whose reader is gone never calls back.
  setTimeout(() => process.exit(0), 1000).unref();
};
pipe.on('end', () => void exit());
pipe.on('error', () => void exit());

async function run(id: number, feeds: Parameters<Runner['run']>[0]): Promise<void> {
  try {
    const started = process.hrtime.bigint();
    const outputs = await runner!.run(feeds);
    send(encodeFrame(FrameKind.Result, id, outputs, Number(process.hrtime.bigint() - started)));
  } catch (error) {
    const failure: InstanceRunFailure = {
      code: isPipelineError(error) ? error.code : 'E_SERVE_RUN',
      message: error instanceof Error ? error.message : String(error),
      userError: isPipelineError(error) && error.exitCode === 2,
    };
    send(encodeFrame(FrameKind.Error, id, {}, 0, failure));
  }
}


try {
  runner = await openOnnxRuntime(settings.modelPath, { intraOpThreads: settings.intraOpThreads, interOpThreads: 1, spinning: settings.spinning, stopSpinningAfterRun: settings.stopSpinningAfterRun });
  send(encodeFrame(FrameKind.Ready, 0, {}, 0, { inputs: [...runner.inputs], outputs: [...runner.outputs] }));
} catch (error) {
  send(encodeFrame(FrameKind.Failed, 0, {}, 0, { message: error instanceof Error ? error.message : String(error) }));
  await exit();
}
