import { basename } from 'node:path';
import { InvalidInputError } from '@pipeline/errors';
import type { AnyStage, Artifact, StageCheckInput, StageCheckPortInput, StageCheckProblem } from '@pipeline/sdk';
import type { z } from 'zod';
import { collectReferences } from '../expr/references.js';
import { parseTemplate } from '../expr/template.js';
import type { PlanContext } from './context.js';
import type { StageMember } from './matrix.js';
import { planTimeValue, unresolved } from './params.js';
import type { Binding, PlannedStage } from './types.js';
import { isArtifact } from '../is-artifact.js';

/**
 * Runs a stage's own `check` at plan time with the params known now (each parsed by its field, so
 * defaults apply) and what each input port is given; reports each problem at the node it names.
 */
export function checkStageRules(ctx: PlanContext, stage: AnyStage, member: StageMember, params: Record<string, Binding>, inputs: Record<string, Binding>): void {
  if (!stage.check) return;
  const shape = stage.params.shape as Record<string, z.ZodType>;
  const known: Record<string, unknown> = {};
  const pending: string[] = [];
  for (const [key, field] of Object.entries(shape)) {
    const binding = params[key];
    const value = binding ? planTimeValue(binding) : undefined;
    if (value === unresolved) {
      pending.push(key);
      continue;
    }
    const parsed = field.safeParse(value);
    // An invalid value was reported by checkParams; the stage's rules need not repeat it.
    if (!parsed.success) return;
    if (parsed.data !== undefined) known[key] = parsed.data;
  }
  const portInputs: Record<string, StageCheckPortInput> = {};
  for (const [name, binding] of Object.entries(inputs)) portInputs[name] = { artifacts: plannedArtifacts(name, binding) };
  const base = ['stages', member.baseId, 'with'];
  const secretParams = Object.keys(params).filter((key) => readsSecret(ctx, params[key] as Binding));
  for (const problem of stage.check({ params: known, unresolved: pending, secretParams, inputs: portInputs })) {
    const options = { stage: member.id, ...(problem.hint ? { hint: problem.hint } : {}) };
    ctx.diagnostics.push(ctx.source.diagnostic([...base, ...problem.path], problem.path.length === 0 ? 'key' : 'value', problem.code, `stage "${member.baseId}" (${stage.name}): ${problem.message}`, options));
  }
}

/** Whether a binding's expressions read a secret: `env.<secret>`, or `env` whole when there are secrets. */
function readsSecret(ctx: PlanContext, binding: Binding): boolean {
  switch (binding.type) {
    case 'expression':
      return parseTemplate(binding.source).parts.some(
        (part) => part.type === 'expression' && collectReferences(part.expr).some((ref) => ref.root === 'env' && (ref.path[0] === undefined ? ctx.secretNames.size > 0 : ctx.secretNames.has(String(ref.path[0])))),
      );
    case 'array':
      return binding.items.some((item) => readsSecret(ctx, item));
    case 'object':
      return Object.values(binding.entries).some((item) => readsSecret(ctx, item));
    default:
      return false;
  }
}

function plannedArtifacts(port: string, binding: Binding): StageCheckPortInput['artifacts'] {
  const one = (key: string, b: Binding) => ({ key, fileName: b.type === 'artifact' ? basename(b.artifact.path) : undefined });
  return binding.type === 'object' ? Object.entries(binding.entries).map(([key, b]) => one(key, b)) : [one(port, binding)];
}

/**
 * The same rules just before `run`, with every value resolved: a problem only a run could show (a
 * param read from another stage's output) is still the user's mistake, exit 2, at the param's node.
 */
export function checkStageRulesBeforeRun(stage: PlannedStage, params: Record<string, unknown>, inputs: Record<string, Artifact | Record<string, Artifact> | undefined>, mask: (text: string) => string): void {
  if (!stage.stage.check) return;
  const portInputs: StageCheckInput['inputs'] = Object.fromEntries(
    Object.entries(inputs)
      .filter((entry): entry is [string, Artifact | Record<string, Artifact>] => entry[1] !== undefined)
      .map(([name, value]) => [name, { artifacts: isArtifact(value) ? [{ key: name, fileName: basename(value.path) }] : Object.entries(value).map(([key, a]) => ({ key, fileName: basename(a.path) })) }]),
  );
  // A param holds a secret when masking changes it.
  const secretParams = Object.keys(params).filter((key) => {
    const text = JSON.stringify(params[key]) ?? '';
    return mask(text) !== text;
  });
  const [problem] = stage.stage.check({ params, unresolved: [], secretParams, inputs: portInputs }) as StageCheckProblem[];
  if (!problem) return;
  const first = problem.path[0];
  const loc = (first === undefined ? undefined : (stage.params[String(first)]?.loc ?? stage.inputs[String(first)]?.loc)) ?? stage.loc;
  throw new InvalidInputError(problem.code, mask(`stage ${stage.id}: ${problem.message}`), { loc, stage: stage.id, ...(problem.hint ? { hint: problem.hint } : {}) });
}

