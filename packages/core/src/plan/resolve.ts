// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax, not a JS template.
import { UsageError } from '@pipeline/errors';
import type { Artifact, InputPort } from '@pipeline/sdk';
import { DiagnosticCode } from '../config/codes.js';
import { truthy } from '../expr/evaluate.js';
import { ExpressionError } from '../expr/expression-error.js';
import { collectReferences } from '../expr/references.js';
import { parseTemplate, type Template } from '../expr/template.js';
import { SKIP_RULE } from './skip-rule.js';
import type { Binding, PlannedStage, RunScope } from './types.js';
import { specificIssues } from './zod-issues.js';
import { isArtifact } from '../is-artifact.js';

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
  const issue = specificIssues(result.error.issues)[0];
  const issuePath = (issue?.path ?? []) as (string | number)[];
  const loc = bindingAt(stage, issuePath)?.loc ?? stage.loc;
  const missing = missingProducer(stage, issuePath, scope);
  if (missing) throw missing;
  throw new UsageError(DiagnosticCode.ParamInvalid, `param "${issuePath.join('.')}" of stage ${stage.id}: ${issue?.message ?? 'invalid'}`, { loc, stage: stage.id });
}

/** The deepest binding of a param along an issue's path (the offending node, not its parent). */
function bindingAt(stage: PlannedStage, issuePath: readonly (string | number)[]): Binding | undefined {
  let binding: Binding | undefined = stage.params[String(issuePath[0])];
  for (const step of issuePath.slice(1)) {
    const next: Binding | undefined = binding?.type === 'array' ? binding.items[Number(step)] : binding?.type === 'object' ? binding.entries[String(step)] : undefined;
    if (!next) break;
    binding = next;
  }
  return binding;
}

/**
 * When a param is invalid because an expression in it read a stage output that is not there (its
 * producer was skipped, failed under `--continue=always`, or did not produce it), an error naming that
 * producer and output; zod's "Invalid input" would say neither.
 */
function missingProducer(stage: PlannedStage, issuePath: readonly (string | number)[], scope: RunScope): UsageError | undefined {
  let binding: Binding | undefined = stage.params[String(issuePath[0])];
  for (const step of issuePath.slice(1)) {
    if (binding?.type === 'array') binding = binding.items[Number(step)];
    else if (binding?.type === 'object') binding = binding.entries[String(step)];
    else break;
  }
  if (binding?.type !== 'expression' || resolveBinding(binding, scope) != null) return undefined;
  const reads = outputReads(binding.source);
  if (reads.length === 0) return undefined;
  const why = reads.map(({ id, name }) => {
    const outcome = scope.stages[id];
    if (!outcome) return `stage ${id} did not run`;
    if (outcome.status === 'skipped') return `stage ${id} was skipped`;
    return outcome.outputs[name] ? `stage ${id} produced "${name}"` : `stage ${id} (${outcome.status}) has no output "${name}"`;
  });
  const param = issuePath.join('.');
  return new UsageError(DiagnosticCode.SkippedProducer, `param "${param}" of stage ${stage.id} has no value: \`${binding.source}\` reads ${reads.map((r) => `stages.${r.id}.outputs.${r.name}`).join(', ')}, and ${why.join('; ')}`, {
    stage: stage.id,
    hint: SKIP_RULE,
    ...(binding.loc ? { loc: binding.loc } : {}),
  });
}

/** The `stages.<id>.outputs.<name>` an expression's source reads. */
function outputReads(source: string): { id: string; name: string }[] {
  let template: Template;
  try {
    template = parseTemplate(source.includes('${{') ? source : `\${{ ${source} }}`);
  } catch {
    return [];
  }
  const reads = template.parts.flatMap((p) => (p.type === 'expression' ? collectReferences(p.expr) : []));
  const found = reads.filter((r) => r.root === 'stages' && r.path[1] === 'outputs' && r.path.length >= 3).map((r) => ({ id: String(r.path[0]), name: String(r.path[2]) }));
  return [...new Map(found.map((r) => [`${r.id}.${r.name}`, r])).values()];
}

/** Whether the stage runs: true without `if:`, else the condition's truthiness. */
export function evaluateIf(stage: PlannedStage, scope: RunScope): boolean {
  return stage.if === undefined ? true : truthy(resolveBinding(stage.if, scope));
}

function notAnArtifact(name: string, key: string | undefined, value: unknown, where: { loc?: Binding['loc']; stage: string }): UsageError {
  const what = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
  const options = { stage: where.stage, hint: 'an input takes a path or `${{ stages.<id>.outputs.<name> }}`', ...(where.loc ? { loc: where.loc } : {}) };
  return new UsageError(DiagnosticCode.KindMismatch, `input "${name}"${key ? ` (${key})` : ''} resolved to ${what}, not an artifact`, options);
}
