import os from 'node:os';
import { ModelLoadError } from './complete-config.js';
import type { PartialModelConfig } from './model-config.js';

/**
 * Whether the intra-op threads spin between parallel sections, as a model `parameters` key: ONNX Runtime's
 * own session config key (`session.intra_op.allow_spinning`), the way Triton's onnxruntime backend passes
 * `session.use_device_allocator_for_initializers` through under its ORT name. Triton's backend itself has
 * no such key and ignores it.
 */
export const SPINNING_PARAMETER = 'session.intra_op.allow_spinning';
/** Whether spinning threads stop when a run returns: ONNX Runtime's `session.force_spinning_stop`, named alike. */
export const STOP_SPINNING_PARAMETER = 'session.force_spinning_stop';

/**
 * The threads sleep unless the config asks them to spin (ONNX Runtime's own default is to spin). An
 * instance's threads share the machine's cores with the server's HTTP thread: spinning threads keep those
 * cores busy after each run, just when the server must answer, and served requests got slower and fewer
 * (bench/serve-overhead.mjs measures the settings side by side; PERFORMANCE.md).
 */
export const DEFAULT_SPINNING = false;
export const DEFAULT_STOP_SPINNING = false;

/** How each instance opens its session. */
export interface SessionSettings {
  intraOpThreads: number;
  spinning: boolean;
  stopSpinningAfterRun: boolean;
}

/** A `parameters` entry's `string_value` (Triton's shape: `parameters { key: "k" value: { string_value: "v" } }`). */
function parameter(config: PartialModelConfig, key: string): string | undefined {
  const parameters = config.parameters as Record<string, { string_value?: unknown } | undefined> | undefined;
  const value = parameters?.[key]?.string_value;
  return value === undefined ? undefined : String(value);
}

/** A "0"/"1" parameter, as ONNX Runtime reads its session config flags; undefined when unset. */
function flag(config: PartialModelConfig, key: string): boolean | undefined {
  const value = parameter(config, key)?.trim();
  if (value === undefined) return undefined;
  if (value !== '0' && value !== '1') throw new ModelLoadError(`parameter '${key}' must be "0" or "1", got '${parameter(config, key)}'`);
  return value === '1';
}

/**
 * The session settings a model's config asks for, checked at load (a bad value fails the model's load, with
 * its reason in the repository index, as Triton's backend refuses a parameter it cannot parse):
 * - `intra_op_thread_count` (the onnxruntime backend's): threads per session; unset or 0, the machine's cores
 *   shared among the instances, at least one;
 * - `session.intra_op.allow_spinning`: "1" the threads spin while they wait for work (ONNX Runtime's default:
 *   a run starts and resumes without waking sleeping threads), "0" they sleep (the cores stay free for other
 *   work on the machine, for a wake-up on every parallel section);
 * - `session.force_spinning_stop`: "1" spinning threads stop as soon as a run returns (they spin only while
 *   a run needs them), "0" they go on spinning for a while after it, as ONNX Runtime does by default.
 */
export function sessionSettings(config: PartialModelConfig, instances: number, cores = os.availableParallelism()): SessionSettings {
  const threads = parameter(config, 'intra_op_thread_count');
  if (threads !== undefined && !/^\s*\d+\s*$/.test(threads)) {
    throw new ModelLoadError(`parameter 'intra_op_thread_count' must be a non-negative integer, got '${threads}'`);
  }
  const configured = threads === undefined ? 0 : Number(threads);
  const spin = flag(config, SPINNING_PARAMETER);
  const stop = flag(config, STOP_SPINNING_PARAMETER);
  return {
    intraOpThreads: configured > 0 ? configured : Math.max(1, Math.floor(cores / instances)),
    spinning: spin ?? DEFAULT_SPINNING,
    stopSpinningAfterRun: stop ?? DEFAULT_STOP_SPINNING,
  };
}
