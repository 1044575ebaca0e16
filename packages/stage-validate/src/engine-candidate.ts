import { builtinRunners } from '@pipeline/builtin-runners';
import type { Exec } from '@pipeline/sdk';
import type { TensorrtRunnerSettings, TrtexecExec } from '@pipeline/tensorrt';
import type { ValidateParams } from './params.js';
import type { ValidateDeps } from './validate-models.js';

interface EngineArtifact {
  path: string;
  meta: { build?: { bindings: TensorrtRunnerSettings['bindings']; profiles: readonly Readonly<Record<string, { max: readonly number[] }>>[] } | undefined };
}

interface StageContextPart {
  exec: Exec;
  env: Readonly<Record<string, string | undefined>>;
  workDir: string;
}

/**
 * How a TensorRT engine candidate is run: on `runner: tensorrt` (trtexec, through the stage's cancellable
 * exec and with the pipeline's env), with the bindings convert/tensorrt recorded; samples are stacked into
 * as few trtexec runs as the profile allows and capped at `engine_samples`.
 */
/**
 * The most first-axis rows one engine run may take: the first profile's max of every input whose first
 * dim is dynamic; 1 when any input's first dim is fixed or unbounded by a profile.
 */
export function engineBatchRows(build: EngineArtifact['meta']['build']): number {
  const inputs = build?.bindings.filter((b) => b.direction === 'input') ?? [];
  let rows = Number.POSITIVE_INFINITY;
  for (const binding of inputs) {
    const first = binding.shape?.[0];
    const max = build?.profiles[0]?.[binding.name]?.max[0];
    if (typeof first === 'number' || max === undefined) return 1;
    rows = Math.min(rows, max);
  }
  return Number.isFinite(rows) && rows >= 1 ? rows : 1;
}

export function engineCandidate(engine: EngineArtifact, params: ValidateParams, ctx: StageContextPart): Pick<ValidateDeps, 'openCandidate' | 'sampleCap' | 'candidateBatch'> {
  const exec: TrtexecExec = ctx.exec;
  const settings: TensorrtRunnerSettings = { bindings: engine.meta.build?.bindings ?? [], exec, env: ctx.env, scratchDir: ctx.workDir };
  return {
    openCandidate: builtinRunners.factory('tensorrt', { kind: 'tensorrt-engine', settings: { ...settings } }),
    sampleCap: { count: params.engine_samples, why: `trtexec takes one input set per process (raise engine_samples, now ${params.engine_samples}, for more)` },
    // trtexec takes one input set per process: stack samples up to what the engine's profile allows.
    candidateBatch: engineBatchRows(engine.meta.build),
  };
}
