import { builtinRunners } from '@pipeline/builtin-runners';
import type { Exec } from '@pipeline/sdk';
import type { TensorrtRunnerSettings, TrtexecExec } from '@pipeline/tensorrt';
import type { ValidateParams } from './params.js';
import type { ValidateDeps } from './validate-models.js';

interface EngineArtifact {
  path: string;
  meta: { build?: { bindings: TensorrtRunnerSettings['bindings'] } | undefined };
}

interface StageContextPart {
  exec: Exec;
  env: Readonly<Record<string, string | undefined>>;
  workDir: string;
}

/**
 * How a TensorRT engine candidate is run: on `runner: tensorrt` (trtexec, through the stage's cancellable
 * exec and with the pipeline's env), with the bindings convert/tensorrt recorded, capped at
 * `engine_samples` because every sample is one trtexec process.
 */
export function engineCandidate(engine: EngineArtifact, params: ValidateParams, ctx: StageContextPart): Pick<ValidateDeps, 'openCandidate' | 'sampleCap'> {
  const exec: TrtexecExec = ctx.exec;
  const settings: TensorrtRunnerSettings = { bindings: engine.meta.build?.bindings ?? [], exec, env: ctx.env, scratchDir: ctx.workDir };
  return {
    openCandidate: builtinRunners.factory('tensorrt', { kind: 'tensorrt-engine', settings: { ...settings } }),
    sampleCap: { count: params.engine_samples, why: `trtexec takes one input set per process (raise engine_samples, now ${params.engine_samples}, for more)` },
  };
}
