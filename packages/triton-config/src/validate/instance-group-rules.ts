// Instance groups after normalisation (K model_config_utils.cc ValidateInstanceGroup). Which GPU
// ids exist is a fact of the target machine: with `gpus` given they are checked as Triton checks
// them; without, only ids no machine has (negative) are refused.
import type { ModelConfig } from '../model-config.js';
import { type ConfigProblem, PLATFORM } from './problem.js';

export interface InstanceGroupOptions {
  gpus?: readonly number[];
  /** Triton's minimum CUDA compute capability, printed in its message (default 6.0). */
  minComputeCapability?: number;
}

export function instanceGroupProblems(config: ModelConfig, options: InstanceGroupOptions = {}): ConfigProblem[] {
  if (config.ensemble_scheduling) return [];
  const name = config.name ?? '';
  const problems: ConfigProblem[] = [];
  const fail = (i: number, message: string): void => {
    problems.push({ code: 'E_TRITON_INSTANCE_GROUP', message, path: ['instance_group', i] });
  };
  const cc = (options.minComputeCapability ?? 6).toFixed(6);
  for (const [i, group] of (config.instance_group ?? []).entries()) {
    const gpus = group.gpus ?? [];
    const label = `instance group ${group.name ?? ''} of model ${name}`;
    if (group.kind === 'KIND_MODEL' && gpus.length > 0) fail(i, `${label} has kind KIND_MODEL but specifies one or more GPUs`);
    else if (group.kind === 'KIND_CPU' && gpus.length > 0) fail(i, `${label} has kind KIND_CPU but specifies one or more GPU`);
    else if (group.kind === 'KIND_GPU') {
      if (options.gpus?.length === 0) fail(i, `${label} has kind KIND_GPU but no GPUs are available`);
      const bad = gpus.find((g) => g < 0 || (options.gpus !== undefined && !options.gpus.includes(g)));
      if (bad !== undefined)
        fail(
          i,
          `${label} specifies invalid or unsupported gpu id ${bad}. GPUs with at least the minimum required CUDA compute compatibility of ${cc} are: ${(options.gpus ?? []).join(', ')}`,
        );
    }
    const profiles = group.profile ?? [];
    if (profiles.length > 0 && config.platform !== PLATFORM.tensorrt)
      fail(
        i,
        `${label} and platform ${config.platform ?? ''}specifies profile field which is only supported for TensorRT models`,
      );
    else
      for (const profile of profiles)
        if (!/^\d+$/.test(profile))
          fail(
            i,
            `${label} and platform ${config.platform ?? ''} specifies invalid profile ${profile}. The field should contain the string representation of a non-negative integer.`,
          );
  }
  return problems;
}
