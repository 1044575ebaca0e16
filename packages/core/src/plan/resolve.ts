// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax, not a JS template.
import { UsageError } from '@pipeline/errors';
import type { Artifact, InputPort } from '@pipeline/sdk';
import { DiagnosticCode } from '../config/codes.js';
import { truthy } from '../expr/evaluate.js';
import { ExpressionError } from '../expr/expression-error.js';
import type { Binding, PlannedStage, RunScope } from './types.js';

/**
 * A binding's value for a run: plan-time values as they are, expressions evaluated against the
 * finished stages. Entries of a map that come out missing (a skipped producer) are left out.
 * An expression failing at run time is a UsageError located at its YAML node.
 */
export function resolveBinding(binding: Binding, scope: RunScope): unknown {
  switch (binding.type) {
    case 'value':
      return binding.value;
    case 'artifact':
      return binding.artifact;
    case 'expression':
      try {
        return binding.evaluate(scope);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        throw new UsageError(error.code, `${error.message} in \`${binding.source}\``, { ...(binding.loc ? { loc: binding.loc } : {}), ...(error.hint ? { hint: error.hint } : {}) });
      }
    case 'array':
      return binding.items.map((item) => resolveBinding(item, scope));
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(binding.entries)) {
        const value = resolveBinding(entry, scope);
        if (value !== undefined) result[key] = value;
      }
      return result;
    }
  }
}

/** The stage's artifact inputs for a run; a `many: true` port gets a map producer id → artifact. */
export function resolveStageInputs(stage: PlannedStage, scope: RunScope): Record<string, Artifact | Record<string, Artifact> | undefined> {
  const inputs: Record<string, Artifact | Record<string, Artifact> | undefined> = {};
  for (const [name, port] of Object.entries(stage.stage.inputs) as [string, InputPort][]) {
    const binding = stage.inputs[name];
    if (!binding) continue;
    const value = resolveBinding(binding, scope);
    const where = binding.loc ? { loc: binding.loc, stage: stage.id } : { stage: stage.id };
    if (port.many) {
      const map = (value ?? {}) as Record<string, unknown>;
      for (const [key, item] of Object.entries(map)) if (!isArtifact(item)) throw notAnArtifact(name, `${key}`, item, where);
      inputs[name] = map as Record<string, Artifact>;
    } else if (value === undefined) {
      if (!port.optional) throw new UsageError(DiagnosticCode.SkippedProducer, `input "${name}" of stage ${stage.id} has no value: its producer was skipped or did not produce it`, where);
      inputs[name] = undefined;
    } else if (isArtifact(value)) {
      inputs[name] = value;
    } else {
      throw notAnArtifact(name, undefined, value, where);
    }
  }
  return inputs;
}

/** The stage's params for a run, through the stage's zod schema (defaults applied); a mismatch is a located UsageError. */
export function resolveStageParams(stage: PlannedStage, scope: RunScope): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, binding] of Object.entries(stage.params)) {
    const value = resolveBinding(binding, scope);
    if (value !== undefined) raw[key] = value;
  }
  const result = stage.stage.params.safeParse(raw);
  if (result.success) return result.data as Record<string, unknown>;
  const issue = result.error.issues[0];
  const key = issue?.path[0] === undefined ? undefined : String(issue.path[0]);
  const loc = (key === undefined ? undefined : stage.params[key]?.loc) ?? stage.loc;
  throw new UsageError(DiagnosticCode.ParamInvalid, `param "${issue?.path.join('.') ?? ''}" of stage ${stage.id}: ${issue?.message ?? 'invalid'}`, { loc, stage: stage.id });
}

/** Whether the stage runs: true without `if:`, else the condition's truthiness. */
export function evaluateIf(stage: PlannedStage, scope: RunScope): boolean {
  return stage.if === undefined ? true : truthy(resolveBinding(stage.if, scope));
}

function isArtifact(value: unknown): value is Artifact {
  return typeof value === 'object' && value !== null && typeof (value as Artifact).digest === 'string' && typeof (value as Artifact).path === 'string' && typeof (value as Artifact).kind === 'string';
}

function notAnArtifact(name: string, key: string | undefined, value: unknown, where: { loc?: Binding['loc']; stage: string }): UsageError {
  const what = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
  const options = { stage: where.stage, hint: 'an input takes a path or `${{ stages.<id>.outputs.<name> }}`', ...(where.loc ? { loc: where.loc } : {}) };
  return new UsageError(DiagnosticCode.KindMismatch, `input "${name}"${key ? ` (${key})` : ''} resolved to ${what}, not an artifact`, options);
}
