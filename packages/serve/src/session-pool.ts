import type { Tensor, TensorSpec } from '@pipeline/tensor';
import { ModelLoadError } from './complete-config.js';
import { encodeFrame, type Frame, FrameKind, type FrameTensor } from './instance-frames.js';
import { InstanceProcess } from './instance-process.js';
import type { InstanceReady, InstanceRunFailure, InstanceSettings } from './instance-protocol.js';

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

/** A run's outputs and how long the session itself took (the rest of the round trip is the pipe). */
export interface SessionResult {
  outputs: Record<string, Tensor>;
  runNs: number;
}

interface Pending {
  id: number;
  resolve: (result: SessionResult) => void;
  reject: (error: Error) => void;
}

interface Instance {
  process: InstanceProcess;
  busy: boolean;
  dead: string | undefined;
  pending: Pending | undefined;
  /** Settles when the process is ready (or failed to open its session). */
  ready: Promise<InstanceReady>;
}

const bodyJson = <T>(frame: Frame): T => JSON.parse(Buffer.from(frame.body).toString('utf8')) as T;

/** `count` ONNX Runtime sessions of one model, each in its own process (instance-process.ts). */
export class SessionPool {
  private nextId = 1;
  private closed = false;
  /** Told when an instance dies, so requests waiting for a model with no instance left are failed. */
  onInstanceDeath: (() => void) | undefined;

  private constructor(
    private readonly instances: Instance[],
    readonly inputs: readonly TensorSpec[],
    readonly outputs: readonly TensorSpec[],
  ) {}

  /** Starts the processes and waits until every session is open; one that cannot open fails them all. */
  static async open(count: number, settings: InstanceSettings): Promise<SessionPool> {
    let pool: SessionPool | undefined;
    const instances = Array.from({ length: count }, () => startInstance(settings, () => pool?.onInstanceDeath?.()));
    const settled = await Promise.allSettled(instances.map((i) => i.ready));
    const failure = settled.find((s) => s.status === 'rejected');
    if (failure !== undefined) {
      await Promise.all(instances.map((i) => i.process.stop(1000)));
      throw failure.reason;
    }
    const first = (settled[0] as PromiseFulfilledResult<InstanceReady>).value;
    pool = new SessionPool(instances, first.inputs, first.outputs);
    return pool;
  }

  /** Why no instance is left to run requests (each one's process died), or undefined while one lives. */
  get allDead(): string | undefined {
    if (this.closed || this.instances.some((i) => i.dead === undefined)) return undefined;
    return `every instance of the model has died (${this.instances.map((i) => i.dead).join(', ')})`;
  }

  get idleCount(): number {
    let idle = 0;
    for (const instance of this.instances) if (!instance.busy) idle += 1;
    return idle;
  }

  get size(): number {
    return this.instances.length;
  }

  /** Runs feeds on an idle instance; the caller (the scheduler) only calls it when `idleCount > 0`. */
  run(feeds: Record<string, FrameTensor>): Promise<SessionResult> {
    const instance = this.instances.find((i) => !i.busy);
    if (instance === undefined || this.closed) return Promise.reject(new SessionRunError('E_SERVE_BUSY', 'no idle model instance', false));
    instance.busy = true;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      instance.pending = { id, resolve, reject };
      instance.process.send(encodeFrame(FrameKind.Run, id, feeds));
    });
  }

  /** Lets runs in progress finish, then each process releases its session and exits. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.instances.map(async (instance) => {
        const pending = instance.pending;
        if (pending !== undefined) {
          await new Promise<void>((settled) => {
            instance.pending = {
              id: pending.id,
              resolve: (result) => {
                pending.resolve(result);
                settled();
              },
              reject: (error) => {
                pending.reject(error);
                settled();
              },
            };
          });
        }
        await instance.process.stop();
      }),
    );
  }
}

function startInstance(settings: InstanceSettings, onDeath: () => void): Instance {
  let opened: ((ready: InstanceReady) => void) | undefined;
  let failed: ((error: Error) => void) | undefined;
  const ready = new Promise<InstanceReady>((resolve, reject) => {
    opened = resolve;
    failed = reject;
  });
  const onFrame = (frame: Frame) => {
    const pending = instance.pending;
    if (frame.kind === FrameKind.Ready) return opened?.(bodyJson<InstanceReady>(frame));
    if (frame.kind === FrameKind.Failed) return failed?.(new ModelLoadError(bodyJson<{ message: string }>(frame).message));
    if (pending === undefined || frame.id !== pending.id) return;
    instance.pending = undefined;
    instance.busy = false;
    if (frame.kind === FrameKind.Result) pending.resolve({ outputs: frame.tensors, runNs: frame.runNs });
    else if (frame.kind === FrameKind.Error) {
      const failure = bodyJson<InstanceRunFailure>(frame);
      pending.reject(new SessionRunError(failure.code, failure.message, failure.userError));
    }
  };
  const onExit = (how: string) => {
    const death = `process ${instance.process.pid ?? '?'} exited, ${how}`;
    failed?.(new ModelLoadError(`the model instance's ${death}, before its session opened`));
    instance.pending?.reject(new SessionRunError('E_SERVE_WORKER', `the model instance running this request died (${death})`, false));
    instance.pending = undefined;
    // A dead instance stays busy forever, so nothing is sent to it again.
    instance.busy = true;
    instance.dead = death;
    onDeath();
  };
  const instance: Instance = { process: new InstanceProcess(settings, onFrame, onExit), busy: false, dead: undefined, pending: undefined, ready };
  return instance;
}
