// Engine ↔ config lint: a config that does not match its TensorRT engine fails only when Triton
// loads it, on a GPU machine. Checked here: max_batch_size against the profiles, every config tensor
// against the engine's bindings (present, same type, compatible shape), instance-group profiles that
// exist, and the engine's TensorRT against the target Triton release.
import type { Diagnostic } from '@pipeline/errors';
import type { ModelConfig } from '@pipeline/triton-config';
import { tritonTypeFromTensorrt } from './data-types.js';
import { type EngineDescription, engineCanBatch, profileMaxBatch } from './engine.js';
import { checkEngineForTriton } from './guard.js';

export interface EngineLintOptions {
  /** Triton container release (`YY.MM`) the repository is for; checks the engine's TensorRT version. */
  tritonRelease?: string;
}

const shapeText = (dims: readonly number[]): string => `[${dims.join(',')}]`;
const compatible = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === -1 || b[i] === -1 || d === b[i]);

/** Problems with `config` (as Triton would run it) for `engine`, as located-less diagnostics. */
export function lintEngineConfig(config: ModelConfig, engine: EngineDescription, options: EngineLintOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const error = (code: string, message: string, hint?: string): void => {
    out.push({ code, severity: 'error', message, ...(hint ? { hint } : {}) });
  };
  const name = config.name ?? '';
  const mbs = config.max_batch_size ?? 0;
  const groups = config.instance_group ?? [];
  const usedProfiles = new Set(groups.flatMap((g) => g.profile ?? []).map(Number));
  if (usedProfiles.size === 0 && engine.profiles.length > 0) usedProfiles.add(0);

  if (mbs > 0 && !engineCanBatch(engine))
    error('E_TRITON_ENGINE_BATCH', `model '${name}' sets max_batch_size ${mbs} but the engine's first dimension is not dynamic on every tensor`, 'set max_batch_size: 0 and list the full shapes, or build the engine with a dynamic batch dimension');
  for (const index of [...usedProfiles].sort((a, b) => a - b)) {
    const profile = engine.profiles[index];
    if (!profile) {
      error('E_TRITON_ENGINE_PROFILE', `model '${name}' uses optimization profile ${index} but the engine has ${engine.profiles.length}`);
      continue;
    }
    const profileMax = profileMaxBatch(profile);
    if (mbs > 0 && profileMax !== undefined && mbs > profileMax)
      error(
        'E_TRITON_ENGINE_MAX_BATCH',
        `model '${name}' sets max_batch_size ${mbs} but optimization profile ${index} of the engine allows batches up to ${profileMax}`,
        `lower max_batch_size to ${profileMax} or rebuild the engine with --maxShapes batch ${mbs}`,
      );
  }
  const batchDim = mbs > 0 ? [-1] : [];
  for (const [kind, list] of [
    ['input', config.input ?? []],
    ['output', config.output ?? []],
  ] as const) {
    for (const io of list) {
      const binding = engine.tensors.find((t) => t.name === io.name && t.mode === kind);
      if (!binding) {
        error('E_TRITON_ENGINE_BINDING', `model '${name}' ${kind} '${io.name}' is not a${kind === 'input' ? 'n input' : 'n output'} of the engine (it has ${engine.tensors.filter((t) => t.mode === kind).map((t) => t.name).join(', ') || 'none'})`);
        continue;
      }
      const type = tritonTypeFromTensorrt(binding.dtype);
      if (io.data_type && type !== io.data_type)
        error('E_TRITON_ENGINE_DTYPE', `model '${name}' ${kind} '${io.name}' is ${io.data_type} in the config but ${type ?? binding.dtype} in the engine`);
      const dims = io.reshape ? (io.reshape.shape ?? []) : (io.dims ?? []);
      const full = io.is_shape_tensor ? dims : [...batchDim, ...dims];
      if (!compatible(full, binding.shape))
        error('E_TRITON_ENGINE_SHAPE', `model '${name}' ${kind} '${io.name}' has shape ${shapeText(full)} in the config (batch dim included) but ${shapeText(binding.shape)} in the engine`);
    }
  }
  for (const input of engine.tensors.filter((t) => t.mode === 'input'))
    if (!(config.input ?? []).some((i) => i.name === input.name))
      error('E_TRITON_ENGINE_BINDING', `the engine's input '${input.name}' is missing from model '${name}'s config`);
  if (options.tritonRelease && engine.tensorrtVersion) {
    const check = checkEngineForTriton({ engineTensorrtVersion: engine.tensorrtVersion, tritonRelease: options.tritonRelease });
    if (check.diagnostic) out.push(check.diagnostic);
  }
  return out;
}
