import { UsageError } from '@pipeline/errors';
import { defineRunnerEntry, type RunnerTarget } from '@pipeline/runner';
import type { TensorrtRunnerSettings } from './settings.js';

function settingsOf(target: RunnerTarget): TensorrtRunnerSettings {
  const settings = (target.settings ?? {}) as Partial<TensorrtRunnerSettings>;
  if (target.kind !== undefined && target.kind !== 'tensorrt-engine') {
    throw new UsageError('E_TENSORRT_RUNNER_TARGET', `runner: tensorrt runs a tensorrt-engine, not ${target.kind} (${target.path})`, { hint: 'build one with convert/tensorrt and wire its engine output' });
  }
  if (!Array.isArray(settings.bindings) || settings.bindings.length === 0) {
    throw new UsageError('E_TENSORRT_RUNNER_BINDINGS', `runner: tensorrt needs the engine's IO tensors for ${target.path}`, { hint: 'wire the engine output of convert/tensorrt: its meta records the bindings' });
  }
  return settings as TensorrtRunnerSettings;
}

/**
 * A saved TensorRT engine run by trtexec (`runner: tensorrt`), found as convert/tensorrt finds it. The
 * trtexec driver is imported only when a runner is opened, so listing the runners stays cheap.
 */
export const tensorrtRunner = defineRunnerEntry({
  name: 'tensorrt',
  describe: 'a TensorRT engine run by trtexec (--loadEngine; one process per input set)',
  open: async (target, options) => {
    const settings = settingsOf(target);
    const { openEngineRunner } = await import('./open.js');
    return openEngineRunner(target.path, settings, options?.signal);
  },
});
