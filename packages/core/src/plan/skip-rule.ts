// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax, not a JS template.
import { DiagnosticCode } from '../config/codes.js';
import type { NodePath } from '../config/source.js';
import type { Expr } from '../expr/ast.js';
import { collectReferences } from '../expr/references.js';
import { parseTemplate, type Template } from '../expr/template.js';
import type { PlanContext, StageInfo } from './context.js';
import { locateInString } from './locate.js';
import type { StageMember } from './matrix.js';

/**
 * The skipped-producer rule, shared by inputs and params: a stage skipped by `if:` yields no outputs,
 * so a consumer reading one must coalesce or be skipped too.
 */
export const SKIP_RULE =
  'a stage skipped by `if:` yields no outputs; a consumer must coalesce (`${{ stages.a.outputs.x ?? stages.b.outputs.x }}`) or be skipped too (give it an `if:`). Pipeline `outputs:` are exempt: one whose producer was skipped is recorded in run.json as absent, with the reason';

export interface MissingOptions {
  /** Also count outputs the producer declares optional (it may run and still not produce them). */
  optionalOutputs: boolean;
  /** Also count reads below an output (`stages.a.outputs.m.meta.opset`): missing when the output is. */
  deep?: boolean;
}

/** The stage (base or matrix member) an id names, if any. */
export function ownerOf(ctx: PlanContext, id: string): StageInfo | undefined {
  return ctx.stages.get(id) ?? [...ctx.stages.values()].find((s) => s.members.some((m) => m.id === id));
}

/**
 * The reads that leave the value missing at run time, or undefined when it cannot be: every alternative
 * (operand of `??`/`||`) reads an output of a conditional stage (or an optional output).
 */
export function missingReads(ctx: PlanContext, expr: Expr, options: MissingOptions): Expr[] | undefined {
  const leaves = alternatives(expr);
  const missing = leaves.every((leaf) => {
    const output = outputReference(leaf, options.deep === true);
    if (!output) return false;
    const owner = ownerOf(ctx, output.id);
    if (!owner) return false;
    return owner.conditional || (options.optionalOutputs && owner.stage?.outputs[output.name]?.optional === true);
  });
  return missing ? leaves : undefined;
}

export function alternatives(expr: Expr): Expr[] {
  if (expr.type === 'binary' && (expr.operator === '??' || expr.operator === '||')) return [...alternatives(expr.left), ...alternatives(expr.right)];
  return [expr];
}

/** `stages.<id>.outputs.<name>` exactly (or, with `deep`, any read below it). */
export function outputReference(expr: Expr, deep = false): { id: string; name: string } | undefined {
  if (expr.type !== 'member') return undefined;
  const [ref] = collectReferences(expr);
  if (!ref || ref.node !== expr || ref.root !== 'stages' || ref.path[1] !== 'outputs') return undefined;
  if (deep ? ref.path.length < 3 : ref.path.length !== 3) return undefined;
  return { id: String(ref.path[0]), name: String(ref.path[2]) };
}

/**
 * The rule for params: every `${{ }}` in a `with:` param value (lists and maps searched) that reads
 * an output of a stage that may be skipped, without a fallback, is reported at the read. A whole-string
 * expression would leave the param missing, one inside text would silently become ''. Parse errors
 * were reported when the value was compiled. The consumer's own `if:` exempts it (checked by the caller).
 */
export function checkParamProducers(ctx: PlanContext, value: unknown, path: NodePath, member: StageMember): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      checkParamProducers(ctx, item, [...path, i], member);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) checkParamProducers(ctx, item, [...path, key], member);
  }
  if (typeof value !== 'string' || !value.includes('${{')) return;
  let template: Template;
  try {
    template = parseTemplate(value);
  } catch {
    return;
  }
  for (const part of template.parts) {
    if (part.type !== 'expression') continue;
    const reads = missingReads(ctx, part.expr, { optionalOutputs: false, deep: true });
    const first = reads?.[0];
    if (!first) continue;
    const loc = locateInString(ctx.source, path, value, part.sourceOffset + first.start, part.sourceOffset + first.end);
    const param = path.slice(3).join('.');
    ctx.diagnostics.push(
      ctx.source.diagnosticAt(loc, DiagnosticCode.SkippedProducer, `param "${param}" may be missing: it reads an output of a stage that may be skipped by its \`if:\``, { hint: SKIP_RULE, stage: member.id }),
    );
  }
}
