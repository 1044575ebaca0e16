import { StageFailedError } from '@pipeline/errors';
import type { Artifact } from '@pipeline/sdk';
import type { Binding, PlannedStage, RunScope } from '../plan/types.js';

/**
 * An input could not be resolved because its producer yielded nothing (skipped by `if:`, or failed
 * under `--continue=always`): the consumer is skipped, not errored.
 */
export class MissingInputError extends StageFailedError {
  override name = 'MissingInputError';
}

/** Evaluates a binding against what has run so far. */
export function evaluateBinding(binding: Binding, scope: RunScope): unknown {
  switch (binding.type) {
    case 'value':
      return binding.value;
    case 'artifact':
      return binding.artifact;
    case 'expression':
      return binding.evaluate(scope);
    case 'object':
      return Object.fromEntries(Object.entries(binding.entries).map(([k, b]) => [k, evaluateBinding(b, scope)]));
    case 'array':
      return binding.items.map((b) => evaluateBinding(b, scope));
  }
}

export function isArtifact(value: unknown): value is Artifact {
  return typeof value === 'object' && value !== null && typeof (value as Artifact).digest === 'string' && typeof (value as Artifact).kind === 'string';
}

/**
 * A `many: true` port's value as a map key → artifact: a map stays a map, a list is keyed by
 * position, a single artifact by the id of the stage that produced it (or "0").
 */
function toArtifactMap(value: unknown, port: string, stageId: string): Record<string, Artifact> {
  if (isArtifact(value)) return { '0': value };
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries((value ?? {}) as Record<string, unknown>);
  const out: Record<string, Artifact> = {};
  for (const [key, v] of entries) {
    if (v === undefined || v === null) continue;
    if (!isArtifact(v)) throw new StageFailedError('E_INPUT_NOT_ARTIFACT', `stage ${stageId}: input ${port}.${key} is not an artifact`);
    out[key] = v;
  }
  return out;
}

/** Resolves a planned stage's artifact inputs; throws `MissingInputError` for a required input that is absent. */
export function resolveInputs(stage: PlannedStage, scope: RunScope): Record<string, Artifact | Record<string, Artifact> | undefined> {
  const out: Record<string, Artifact | Record<string, Artifact> | undefined> = {};
  const ports = stage.stage.inputs as Record<string, { many: boolean; optional: boolean }>;
  for (const [name, port] of Object.entries(ports)) {
    const binding = stage.inputs[name];
    let value: unknown;
    try {
      value = binding === undefined ? undefined : evaluateBinding(binding, scope);
    } catch (error) {
      throw new MissingInputError('E_INPUT_MISSING', `stage ${stage.id}: input ${name} could not be resolved: ${(error as Error).message}`, { cause: error });
    }
    if (port.many) {
      out[name] = toArtifactMap(value, name, stage.id);
    } else if (value === undefined || value === null) {
      if (!port.optional) throw new MissingInputError('E_INPUT_MISSING', `stage ${stage.id}: required input ${name} has no value (its producer yielded nothing)`);
      out[name] = undefined;
    } else if (isArtifact(value)) {
      out[name] = value;
    } else {
      throw new StageFailedError('E_INPUT_NOT_ARTIFACT', `stage ${stage.id}: input ${name} is not an artifact`);
    }
  }
  return out;
}

/** Evaluates every param binding (the stage's zod schema is applied by the caller). */
export function resolveRawParams(stage: PlannedStage, scope: RunScope): Record<string, unknown> {
  return Object.fromEntries(Object.entries(stage.params).map(([k, b]) => [k, evaluateBinding(b, scope)]));
}
