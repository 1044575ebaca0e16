import type { AnyKind, AnyStage } from '@pipeline/sdk';
import type { z } from 'zod';
import { DiagnosticCode } from '../config/codes.js';
import type { NodePath } from '../config/source.js';
import { suggestion } from '../config/suggest.js';
import { compileString } from './compile.js';
import type { PlanContext } from './context.js';
import type { StageMember } from './matrix.js';
import type { Binding } from './types.js';
import { unknownKeys } from './unknown-keys.js';
import { specificIssues } from './zod-issues.js';

/** Compiles any YAML value of `with:` into a binding: strings may hold expressions, lists and maps recurse. */
export function compileValue(ctx: PlanContext, value: unknown, path: NodePath, member: StageMember | undefined, dependsOn: Set<string>, quote?: (text: string) => string): Binding | undefined {
  const loc = ctx.source.locAt(path);
  if (typeof value === 'string') return compileString(ctx, value, path, member, { dependsOn, ...(quote ? { quote } : {}) })?.binding;
  if (Array.isArray(value)) {
    const items = value.map((item, i) => compileValue(ctx, item, [...path, i], member, dependsOn, quote));
    return items.every((b) => b !== undefined) ? { type: 'array', items: items as Binding[], loc } : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const entries: Record<string, Binding> = {};
    let ok = true;
    for (const [key, item] of Object.entries(value)) {
      const binding = compileValue(ctx, item, [...path, key], member, dependsOn, quote);
      if (binding) entries[key] = binding;
      else ok = false;
    }
    return ok ? { type: 'object', entries, loc } : undefined;
  }
  return { type: 'value', value, loc };
}

/** The plan-time value of a binding, or `unresolved` when it needs a run. */
export const unresolved: unique symbol = Symbol('unresolved');

export function planTimeValue(binding: Binding): unknown {
  switch (binding.type) {
    case 'value':
      return binding.value;
    case 'artifact':
      return binding.artifact;
    case 'expression':
      return unresolved;
    case 'array': {
      const items = binding.items.map(planTimeValue);
      return items.includes(unresolved) ? unresolved : items;
    }
    case 'object': {
      const entries = Object.entries(binding.entries).map(([k, b]) => [k, planTimeValue(b)] as const);
      return entries.some(([, v]) => v === unresolved) ? unresolved : Object.fromEntries(entries);
    }
  }
}

/**
 * Checks each plan-time param value against the stage's zod field, pointing at the offending
 * (possibly nested) node; reports required params that are missing (unless `reportMissing` is false).
 */
export function checkParams(ctx: PlanContext, stage: AnyStage, member: StageMember, params: Record<string, Binding>, withPath: NodePath, reportMissing = true): void {
  const shape = stage.params.shape as Record<string, z.ZodType>;
  for (const [key, field] of Object.entries(shape)) {
    const binding = params[key];
    if (!binding) {
      if (reportMissing && !field.safeParse(undefined).success) {
        ctx.diagnostics.push(ctx.source.diagnostic(withPath, 'key', DiagnosticCode.MissingParam, `stage "${member.baseId}" (${stage.name}) needs param "${key}"`, { hint: `add \`${key}:\` under \`with:\`${describe(field)}`, stage: member.id }));
      }
      continue;
    }
    for (const unknown of unknownKeys(field, binding, [key])) {
      const name = unknown.path.join('.');
      const where = unknown.path.slice(0, -1).join('.');
      ctx.diagnostics.push(
        ctx.source.diagnostic([...withPath, ...unknown.path], 'key', DiagnosticCode.UnknownWithKey, `stage "${member.baseId}" (${stage.name}) has no param "${name}"`, {
          hint: suggestion(String(unknown.path.at(-1)), unknown.known, `keys of ${where}`),
          stage: member.id,
        }),
      );
    }
    const value = planTimeValue(binding);
    if (value === unresolved) continue;
    const result = field.safeParse(value);
    if (result.success) continue;
    for (const issue of specificIssues(result.error.issues).slice(0, 3)) {
      const path = [...withPath, key, ...(issue.path as (string | number)[])];
      ctx.diagnostics.push(ctx.source.diagnostic(path, 'value', DiagnosticCode.ParamInvalid, `param "${[key, ...issue.path].join('.')}" of stage "${member.baseId}": ${issue.message}`, { stage: member.id }));
    }
  }
}

/**
 * The stage's params as its schema reads them (defaults applied), when every param is known now and
 * valid; otherwise undefined. `outputKindsFor` and `absentOutputsFor` take it.
 */
export function knownParams(stage: AnyStage, params: Record<string, Binding>): Record<string, unknown> | undefined {
  const values = Object.fromEntries(Object.entries(params).map(([k, b]) => [k, planTimeValue(b)]));
  if (Object.values(values).includes(unresolved)) return undefined;
  const parsed = stage.params.safeParse(values);
  return parsed.success ? (parsed.data as Record<string, unknown>) : undefined;
}

/** Each output's exact kind: `kindFor(params)` when the params are known now (`knownParams`), else the port's kind. */
export function outputKindsFor(stage: AnyStage, known: Record<string, unknown> | undefined): Record<string, AnyKind> {
  const kinds: Record<string, AnyKind> = {};
  for (const [name, port] of Object.entries(stage.outputs) as [string, { kind: AnyKind; kindFor?: (p: Record<string, unknown>) => AnyKind }][]) {
    kinds[name] = known && port.kindFor ? port.kindFor(known) : port.kind;
  }
  return kinds;
}

/** Optional outputs the stage will not produce for these params (`producedWhen`), when the params are known now. */
export function absentOutputsFor(stage: AnyStage, known: Record<string, unknown> | undefined): Set<string> {
  if (!known) return new Set();
  const ports = Object.entries(stage.outputs) as [string, { producedWhen?: (p: Record<string, unknown>) => boolean }][];
  return new Set(ports.filter(([, port]) => port.producedWhen && !port.producedWhen(known)).map(([name]) => name));
}

function describe(field: z.ZodType): string {
  const description = (field as { description?: string }).description;
  return description ? ` (${description})` : '';
}
