// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax, not a JS template.
import type { AnyStage, InputPort } from '@pipeline/sdk';
import { DiagnosticCode } from '../config/codes.js';
import type { PipelineFile } from '../config/file-schema.js';
import { suggestion } from '../config/suggest.js';
import { compileString } from './compile.js';
import type { PlanContext, StageInfo } from './context.js';
import { findCycles, topologicalOrder } from './graph.js';
import { compileInput } from './inputs.js';
import { expandMatrix, type StageMember } from './matrix.js';
import { absentOutputsFor, checkParams, compileValue, knownParams, outputKindsFor } from './params.js';
import { checkStageRules } from './stage-check.js';
import { checkParamProducers } from './skip-rule.js';
import type { Binding, PlannedStage } from './types.js';

/**
 * The rules phase over `stages:`: resolves `uses:`, expands matrices, compiles `with:` (params first,
 * so output kinds are known before inputs are checked against them), `if:` and `needs:`, then finds
 * cycles and orders the members. Problems go to `ctx.diagnostics`; all are collected.
 */
export async function planStages(ctx: PlanContext, file: PipelineFile): Promise<PlannedStage[]> {
  for (const [baseId, spec] of Object.entries(file.stages)) {
    const stage = ctx.registry.get(spec.uses);
    // With a broken `plugins:` entry, a stage it would add cannot be told from an unknown one.
    if (!stage && !ctx.damage.plugins) {
      const names = ctx.registry.stages().map((s) => s.name);
      ctx.diagnostics.push(ctx.source.diagnostic(['stages', baseId, 'uses'], 'value', DiagnosticCode.UnknownStage, `unknown stage "${spec.uses}"`, { hint: `${suggestion(spec.uses, names, 'installed stages')} (see \`pipeline stages\`; add packages under \`plugins:\`)`, stage: baseId }));
    }
    const { members, diagnostics } = expandMatrix(ctx.source, baseId, spec.matrix);
    ctx.diagnostics.push(...diagnostics);
    ctx.stages.set(baseId, { baseId, spec, stage, members, outputKinds: new Map(), absentOutputs: new Map(), conditional: spec.if !== undefined });
  }
  // A stage whose entry is structurally broken still exists: references to it are not "unknown stage".
  for (const baseId of ctx.damage.opaqueStages) {
    ctx.stages.set(baseId, { baseId, spec: { uses: '' }, stage: undefined, members: [{ id: baseId, baseId, matrix: {} }], outputKinds: new Map(), absentOutputs: new Map(), conditional: false });
  }

  const planned = new Map<string, PlannedStage>();
  const dependsOn = new Map<string, Set<string>>();
  const paramsByMember = new Map<string, Record<string, Binding>>();
  // Pass 1: params, and from them the exact output kinds.
  for (const info of ctx.stages.values()) {
    if (!info.stage) continue;
    const unchecked = ctx.damage.uncheckedBodies.has(info.baseId);
    for (const member of info.members) {
      const deps = new Set<string>();
      dependsOn.set(member.id, deps);
      // A broken `with:` or `matrix:` was reported; checking the body against it would only repeat that.
      const params = unchecked ? {} : compileParams(ctx, info, info.stage, member, deps);
      paramsByMember.set(member.id, params);
      const known = knownParams(info.stage, params);
      info.outputKinds.set(member.id, outputKindsFor(info.stage, known));
      info.absentOutputs.set(member.id, absentOutputsFor(info.stage, known));
    }
  }
  // Pass 2: inputs (ingesting literal paths), `if:`, `needs:`.
  await Promise.all(
    [...ctx.stages.values()].flatMap((info) =>
      info.members.map(async (member) => {
        if (!info.stage) return;
        const deps = dependsOn.get(member.id) ?? new Set<string>();
        const unchecked = ctx.damage.uncheckedBodies.has(info.baseId);
        const inputs = unchecked ? {} : await compileInputs(ctx, info, info.stage, member, deps);
        const ifBinding = unchecked ? undefined : compileIf(ctx, info, member, deps);
        const params = paramsByMember.get(member.id) ?? {};
        // A with: value that did not compile was reported where it is; the stage's rules would see it as absent and report that too.
        if (!unchecked && !hasUncompiledValue(info, params, inputs)) checkStageRules(ctx, info.stage, member, params, inputs);
        addNeeds(ctx, info, deps);
        planned.set(member.id, {
          id: member.id,
          baseId: info.baseId,
          matrix: member.matrix,
          uses: info.spec.uses,
          stage: info.stage,
          loc: ctx.source.locAt(['stages', info.baseId], 'key'),
          needs: [...deps],
          inputs,
          params,
          if: ifBinding,
          timeoutMs: parseTimeout(info.spec.timeout),
          retries: info.spec.retries ?? 0,
          cache: info.spec.cache !== false && info.stage.cacheable !== false,
          outputKinds: info.outputKinds.get(member.id) ?? {},
        });
      }),
    ),
  );
  return order(ctx, planned, dependsOn);
}

/** Whether an input or param the stage has is written under `with:` but has no binding (its value failed to compile or ingest). */
function hasUncompiledValue(info: StageInfo, params: Record<string, Binding>, inputs: Record<string, Binding>): boolean {
  const stage = info.stage;
  if (!stage) return false;
  return Object.keys(info.spec.with ?? {}).some((key) => (Object.hasOwn(stage.inputs, key) || Object.hasOwn(stage.params.shape, key)) && !params[key] && !inputs[key]);
}

function compileParams(ctx: PlanContext, info: StageInfo, stage: AnyStage, member: StageMember, deps: Set<string>): Record<string, Binding> {
  const withBlock = info.spec.with ?? {};
  const withPath = ['stages', info.baseId, 'with'];
  const params: Record<string, Binding> = {};
  for (const [key, value] of Object.entries(withBlock)) {
    if (Object.hasOwn(stage.inputs, key)) continue;
    if (!Object.hasOwn(stage.params.shape, key)) {
      const known = [...Object.keys(stage.inputs), ...Object.keys(stage.params.shape)];
      ctx.diagnostics.push(ctx.source.diagnostic([...withPath, key], 'key', DiagnosticCode.UnknownWithKey, `stage "${info.baseId}" (${stage.name}) has no input or param "${key}"`, { hint: suggestion(key, known, 'inputs and params'), stage: member.id }));
      continue;
    }
    const quote = stage.quoteSubstituted ? (text: string) => stage.quoteSubstituted?.(key, text) ?? text : undefined;
    const binding = compileValue(ctx, value, [...withPath, key], member, deps, quote);
    if (binding && !info.conditional) checkParamProducers(ctx, value, [...withPath, key], member);
    if (binding) params[key] = binding;
  }
  checkParams(ctx, stage, member, params, info.spec.with ? withPath : ['stages', info.baseId], !ctx.damage.uncheckedMissing.has(info.baseId));
  return params;
}

async function compileInputs(ctx: PlanContext, info: StageInfo, stage: AnyStage, member: StageMember, deps: Set<string>): Promise<Record<string, Binding>> {
  const withBlock = info.spec.with ?? {};
  const inputs: Record<string, Binding> = {};
  for (const [name, port] of Object.entries(stage.inputs) as [string, InputPort][]) {
    const path = ['stages', info.baseId, 'with', name];
    if (!Object.hasOwn(withBlock, name)) {
      if (!port.optional && !ctx.damage.uncheckedMissing.has(info.baseId)) {
        const at = info.spec.with ? ['stages', info.baseId, 'with'] : ['stages', info.baseId];
        ctx.diagnostics.push(ctx.source.diagnostic(at, 'key', DiagnosticCode.MissingInput, `stage "${info.baseId}" (${stage.name}) needs input "${name}" (${port.kind.name})`, { hint: `add \`${name}: <path or \${{ stages.<id>.outputs.<name> }}>\` under \`with:\``, stage: member.id }));
      }
      continue;
    }
    const binding = await compileInput(ctx, { info, member, name, port, path, dependsOn: deps }, withBlock[name]);
    if (binding) inputs[name] = binding;
  }
  return inputs;
}

function compileIf(ctx: PlanContext, info: StageInfo, member: StageMember, deps: Set<string>): Binding | undefined {
  const condition = info.spec.if;
  const path = ['stages', info.baseId, 'if'];
  if (condition === undefined || typeof condition === 'boolean') return condition === undefined ? undefined : { type: 'value', value: condition, loc: ctx.source.locAt(path) };
  // `if:` may omit the braces: `if: params.int8` means `if: ${{ params.int8 }}`.
  const text = condition.includes('${{') ? condition : `\${{ ${condition} }}`;
  return compileString(ctx, text, path, member, { dependsOn: deps })?.binding;
}

function addNeeds(ctx: PlanContext, info: StageInfo, deps: Set<string>): void {
  const needs = info.spec.needs === undefined ? [] : Array.isArray(info.spec.needs) ? info.spec.needs : [info.spec.needs];
  needs.forEach((id, index) => {
    const target = ctx.stages.get(id);
    const path = Array.isArray(info.spec.needs) ? ['stages', info.baseId, 'needs', index] : ['stages', info.baseId, 'needs'];
    if (!target) ctx.diagnostics.push(ctx.source.diagnostic(path, 'value', DiagnosticCode.UnknownReference, `needs unknown stage "${id}"`, { hint: suggestion(id, [...ctx.stages.keys()], 'stage ids'), stage: info.baseId }));
    else for (const m of target.members) deps.add(m.id);
  });
}

/** Reports cycles (as paths of stage ids) and returns the members producers-first. */
function order(ctx: PlanContext, planned: Map<string, PlannedStage>, dependsOn: Map<string, Set<string>>): PlannedStage[] {
  const baseEdges = new Map<string, Set<string>>();
  const baseOf = (id: string) => planned.get(id)?.baseId ?? id;
  for (const [id, deps] of dependsOn) {
    const edges = baseEdges.get(baseOf(id)) ?? new Set<string>();
    for (const dep of deps) edges.add(baseOf(dep));
    baseEdges.set(baseOf(id), edges);
  }
  const cycles = findCycles([...ctx.stages.keys()], baseEdges);
  for (const cycle of cycles) {
    ctx.diagnostics.push(ctx.source.diagnostic(['stages', cycle[0] as string], 'key', DiagnosticCode.Cycle, `stages depend on each other in a cycle: ${cycle.join(' → ')}`, { hint: 'a stage cannot use, directly or through others, what it produces itself; remove one reference or `needs:` entry', stage: cycle[0] as string }));
  }
  if (cycles.length) return [...planned.values()];
  const declared = [...ctx.stages.values()].flatMap((s) => s.members.map((m) => m.id)).filter((id) => planned.has(id));
  return topologicalOrder(declared, dependsOn as Map<string, ReadonlySet<string>>).flatMap((id) => planned.get(id) ?? []);
}

/** `90s`, `10m`, `1.5h`, `500ms`, or a number of seconds, in milliseconds. */
export function parseTimeout(timeout: string | number | undefined): number | undefined {
  if (timeout === undefined) return undefined;
  if (typeof timeout === 'number') return Math.round(timeout * 1000);
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(timeout);
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * unit);
}
