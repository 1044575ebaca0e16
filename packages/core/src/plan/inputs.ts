// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax, not a JS template.
import type { InputPort } from '@pipeline/sdk';
import { DiagnosticCode } from '../config/codes.js';
import type { NodePath } from '../config/source.js';
import type { Expr } from '../expr/ast.js';
import { collectReferences } from '../expr/references.js';
import { type CompiledString, compileString } from './compile.js';
import type { PlanContext, StageInfo } from './context.js';
import { checkKind } from './kind-check.js';
import { locateInString } from './locate.js';
import type { StageMember } from './matrix.js';
import { alternatives, missingReads, outputReference, ownerOf, SKIP_RULE } from './skip-rule.js';
import type { Binding } from './types.js';

/** List entries are never dropped silently; only a matrix stage's map of members loses a skipped member. */
const SKIP_RULE_LIST = `${SKIP_RULE}. In a list input only \`\${{ stages.<matrix stage>.outputs.x }}\` (the map of all members) may lose entries: a skipped member simply drops out of the map`;

/** Everything needed to compile one `with:` entry that names an artifact input. */
export interface InputSite {
  info: StageInfo;
  member: StageMember;
  name: string;
  port: InputPort;
  path: NodePath;
  dependsOn: Set<string>;
}

/**
 * Compiles an artifact input: literal paths are ingested, references are kind-checked at their own
 * characters. A `many: true` port becomes an object binding keyed by producer id (or path).
 */
export async function compileInput(ctx: PlanContext, site: InputSite, value: unknown): Promise<Binding | undefined> {
  if (!site.port.many) {
    const entries = await compileItem(ctx, site, value, site.path, false);
    return entries?.[0]?.[1];
  }
  const items = Array.isArray(value) ? value.map((item, i) => [item, [...site.path, i]] as const) : [[value, site.path] as const];
  const entries: Record<string, Binding> = {};
  let ok = true;
  for (const [item, path] of items) {
    const compiled = await compileItem(ctx, site, item, path, true);
    if (!compiled) ok = false;
    for (const [key, binding] of compiled ?? []) entries[uniqueKey(entries, key)] = binding;
  }
  return ok ? { type: 'object', entries, loc: ctx.source.locAt(site.path) } : undefined;
}

async function compileItem(ctx: PlanContext, site: InputSite, value: unknown, path: NodePath, many: boolean): Promise<[string, Binding][] | undefined> {
  const { member, port, name } = site;
  if (typeof value !== 'string') {
    ctx.diagnostics.push(
      ctx.source.diagnostic(path, 'value', DiagnosticCode.KindMismatch, `input "${name}" expects an artifact (${port.kind.name}), not ${Array.isArray(value) ? 'a list' : typeof value}`, {
        hint: many ? 'give a path, a `${{ stages.<id>.outputs.<name> }}` reference, or a list of them' : 'give a path relative to the pipeline file, or `${{ stages.<id>.outputs.<name> }}`',
        stage: member.id,
      }),
    );
    return undefined;
  }
  const compiled = compileString(ctx, value, path, member, { allowMany: many, dependsOn: site.dependsOn });
  if (!compiled) return undefined;
  if (compiled.binding.type === 'value') {
    const resolved = compiled.binding.value;
    if (typeof resolved !== 'string' || resolved === '') {
      ctx.diagnostics.push(ctx.source.diagnostic(path, 'value', DiagnosticCode.KindMismatch, `input "${name}" expects a path, but this is ${JSON.stringify(resolved)}`, { stage: member.id }));
      return undefined;
    }
    const artifact = await ctx.ingest(resolved, port, path, member.id);
    return artifact ? [[resolved, { type: 'artifact', artifact, loc: compiled.binding.loc }]] : undefined;
  }
  if (!checkReferencedKinds(ctx, site, compiled, value, path)) return undefined;
  // A single input also refuses optional outputs; a list entry only skippable producers, since exec's
  // optional `file` (present whenever `outputs:` are declared) is the common way to fill `files:`.
  const checked = many ? !compiled.manyBase : !port.optional;
  if (checked && !site.info.conditional && compiled.template?.whole) {
    const expr = (compiled.template.parts[0] as { expr: Expr }).expr;
    if (missingReads(ctx, expr, { optionalOutputs: !many })) {
      const loc = locateInString(ctx.source, path, value, value.indexOf('${{'), value.length);
      const what = many ? `an entry of input "${name}"` : `input "${name}"`;
      const message = many ? `${what} may be missing: it reads an output of a stage that may be skipped by its \`if:\`` : `${what} may be missing: it reads an output of a stage that may be skipped or not produce it`;
      ctx.diagnostics.push(ctx.source.diagnosticAt(loc, DiagnosticCode.SkippedProducer, message, { hint: many ? SKIP_RULE_LIST : SKIP_RULE, stage: member.id }));
      return undefined;
    }
  }
  if (compiled.manyBase && compiled.evaluateWith) {
    const evaluate = compiled.evaluateWith;
    const base = compiled.manyBase;
    return (ctx.stages.get(base)?.members ?? []).map((m) => [m.id, { type: 'expression', source: value, evaluate: (scope) => evaluate(scope, { [base]: m.id }), loc: compiled.binding.loc }]);
  }
  const firstStage = compiled.template?.parts.flatMap((p) => (p.type === 'expression' ? collectReferences(p.expr) : [])).find((r) => r.root === 'stages' && r.path[0] !== undefined);
  const key = firstStage ? (compiled.aliases[String(firstStage.path[0])] ?? String(firstStage.path[0])) : value;
  return [[key, compiled.binding]];
}

/** Checks each `stages.X.outputs.Y` the input may take (every operand of `??`/`||`) against the port. */
function checkReferencedKinds(ctx: PlanContext, site: InputSite, compiled: CompiledString, text: string, path: NodePath): boolean {
  if (!compiled.template?.whole) return true;
  const part = compiled.template.parts[0] as { expr: Expr; sourceOffset: number };
  let ok = true;
  for (const leaf of alternatives(part.expr)) {
    const output = outputReference(leaf);
    if (!output) continue;
    const owner = ownerOf(ctx, output.id);
    if (!owner) continue;
    const alias = compiled.aliases[output.id];
    const memberIds = alias ? [alias] : owner.baseId === output.id ? owner.members.map((m) => m.id) : [output.id];
    for (const memberId of memberIds) {
      const kind = owner.outputKinds.get(memberId)?.[output.name];
      const problem = kind && checkKind(kind, site.port, site.name, `stages.${output.id}.outputs.${output.name}`);
      if (!problem) continue;
      const loc = locateInString(ctx.source, path, text, part.sourceOffset + leaf.start, part.sourceOffset + leaf.end);
      ctx.diagnostics.push(ctx.source.diagnosticAt(loc, problem.code, problem.message, { hint: problem.hint, stage: site.member.id }));
      ok = false;
      break;
    }
  }
  return ok;
}

function uniqueKey(entries: Record<string, unknown>, key: string): string {
  let candidate = key;
  for (let n = 2; Object.hasOwn(entries, candidate); n++) candidate = `${key}#${n}`;
  return candidate;
}
