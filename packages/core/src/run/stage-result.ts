import { inspect } from 'node:util';
import { StageFailedError } from '@pipeline/errors';
import type { OutputValue } from '@pipeline/sdk';
import type { PlannedStage } from '../plan/types.js';

/**
 * A stage broke its own contract (returned the wrong shape, an undeclared output, bad metadata): a bug
 * in the stage's code, not in the user's pipeline or infrastructure. Recorded with `error.kind: 'bug'`.
 */
export class StageBugError extends StageFailedError {
  override name = 'StageBugError';
}

/** Raised when a stage returns something that breaks its own declaration: a bug in the stage. */
export function stageBug(stage: PlannedStage, code: string, message: string): StageBugError {
  return new StageBugError(code, `stage ${stage.id} (${stage.uses}): ${message}`, {
    stage: stage.id,
    hint: `this is a bug in the stage ${stage.uses}, not in your pipeline; please report it`,
  });
}

/** The returned value, short enough for a one-line message. */
export function describeReturned(value: unknown): string {
  return inspect(value, { depth: 2, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 5, maxStringLength: 80 }).slice(0, 200);
}

/**
 * The outputs of what `run` returned, after checking its shape: `{ outputs: { <name>: { path, meta } } }`.
 * Anything else (no `outputs` object, an output without a `path`) is an `E_STAGE_RESULT` stage bug naming
 * what was returned, rather than a TypeError deep in the output checks.
 */
export function outputsOfResult(stage: PlannedStage, result: unknown): Record<string, OutputValue | undefined> {
  const outputs = isPlainObject(result) ? result.outputs : undefined;
  if (!isPlainObject(outputs)) {
    throw stageBug(stage, 'E_STAGE_RESULT', `run returned ${describeReturned(result)}, not { outputs: { <name>: { path, meta } } }`);
  }
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined && !(isPlainObject(value) && typeof value.path === 'string')) {
      throw stageBug(stage, 'E_STAGE_RESULT', `run returned output "${name}" as ${describeReturned(value)}, not { path, meta }`);
    }
  }
  return outputs as Record<string, OutputValue | undefined>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
