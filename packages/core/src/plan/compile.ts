// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax, not a JS template.
import { DiagnosticCode } from '../config/codes.js';
import type { NodePath } from '../config/source.js';
import { suggestion } from '../config/suggest.js';
import type { Expr } from '../expr/ast.js';
import type { ExprRoots } from '../expr/evaluate.js';
import { ExpressionError } from '../expr/expression-error.js';
import { EXPRESSION_FUNCTIONS } from '../expr/functions.js';
import { collectReferences, type Reference } from '../expr/references.js';
import { evaluateTemplate, parseTemplate, type Template } from '../expr/template.js';
import type { PlanContext } from './context.js';
import { locateInString } from './locate.js';
import type { StageMember } from './matrix.js';
import type { Binding, RunScope } from './types.js';

/** A compiled string of `with:`, `if:` or `outputs:`. */
export interface CompiledString {
  binding: Binding;
  /** Present when the string held expressions. */
  template: Template | undefined;
  /** Matrix stage referenced from outside its matrix: the caller fans the binding out per member (many ports). */
  manyBase: string | undefined;
  /** Base id → member id this consumer reads (same-matrix consumers read their matching member). */
  aliases: Record<string, string>;
  /** The run-time evaluator with extra aliases, for fanning a `manyBase` reference out per member. */
  evaluateWith: ((scope: RunScope, aliases: Record<string, string>) => unknown) | undefined;
}

export interface CompileOptions {
  /** May reference a whole matrix stage (a `many: true` port, pipeline outputs). */
  allowMany?: boolean;
  /** Collects the planned stage ids referenced. */
  dependsOn: Set<string>;
  /** Quotes text an expression substitutes (the stage's `quoteSubstituted` for this param); see evaluateTemplate. */
  quote?: (text: string) => string;
}

/**
 * Compiles a string: checks every reference statically (unknown stages, outputs, params, env names,
 * matrix keys, functions — each reported at its own characters), then evaluates it now when it needs
 * nothing from a run, or keeps it as an expression for the runner. Returns undefined after reporting.
 */
export function compileString(ctx: PlanContext, text: string, path: NodePath, consumer: StageMember | undefined, options: CompileOptions): CompiledString | undefined {
  const loc = ctx.source.locAt(path);
  let template: Template;
  try {
    template = parseTemplate(text);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    report(ctx, path, text, error, consumer);
    return undefined;
  }
  const compiled: CompiledString = { binding: { type: 'value', value: text, loc }, template, manyBase: undefined, aliases: {}, evaluateWith: undefined };
  if (template.parts.every((p) => p.type === 'text')) return { ...compiled, template: undefined };
  let runtime = false;
  let ok = true;
  for (const part of template.parts) {
    if (part.type !== 'expression') continue;
    const fail = (error: ExpressionError): void => {
      report(ctx, path, text, new ExpressionError(error.code, error.message, error.start + part.sourceOffset, error.end + part.sourceOffset, error.hint), consumer);
      ok = false;
    };
    for (const call of calls(part.expr)) {
      if (!Object.hasOwn(EXPRESSION_FUNCTIONS, call.callee)) {
        fail(new ExpressionError(DiagnosticCode.ExprUnknownName, `unknown function "${call.callee}"`, call.start, call.start + call.callee.length, suggestion(call.callee, Object.keys(EXPRESSION_FUNCTIONS), 'functions')));
      }
    }
    for (const ref of collectReferences(part.expr)) {
      const problem = checkReference(ctx, ref, consumer, compiled, options);
      if (problem === 'runtime') runtime = true;
      else if (problem) fail(problem);
    }
  }
  if (!ok) return undefined;
  if (runtime) {
    const { aliases } = compiled;
    const matrix = consumer?.matrix ?? {};
    const evaluate = (scope: RunScope, extra: Record<string, string> = {}): unknown => evaluateTemplate(template, runRoots(scope, matrix, { ...aliases, ...extra }), options.quote);
    return { ...compiled, evaluateWith: evaluate, binding: { type: 'expression', source: text, evaluate: (scope) => evaluate(scope), loc } };
  }
  try {
    const value = evaluateTemplate(template, { params: ctx.params, env: ctx.env, matrix: consumer?.matrix ?? {} }, options.quote);
    return { ...compiled, binding: { type: 'value', value, loc } };
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    report(ctx, path, text, error, consumer);
    return undefined;
  }
}

/** The roots an expression sees at run time; a same-matrix consumer's `stages.<base>` reads its own member. */
export function runRoots(scope: RunScope, matrix: RunScope['matrix'], aliases: Record<string, string>): ExprRoots {
  const stages: Record<string, unknown> = { ...scope.stages };
  for (const [base, member] of Object.entries(aliases)) stages[base] = scope.stages[member];
  return { params: scope.params, env: scope.env, matrix, tools: scope.tools, stages };
}

/** Checks one reference; returns an error, `'runtime'` when its value only exists during a run, or undefined. */
function checkReference(ctx: PlanContext, ref: Reference, consumer: StageMember | undefined, compiled: CompiledString, options: CompileOptions): ExpressionError | 'runtime' | undefined {
  const { node } = ref;
  const at = (message: string, hint?: string, code: string = DiagnosticCode.UnknownReference) => new ExpressionError(code, message, node.start, node.end, hint);
  const [first, second, third] = ref.path;
  switch (ref.root) {
    case 'params':
      // A param whose declaration is broken was reported there; its value is unknown, as at run time.
      if (first === undefined ? ctx.damage.allParams : ctx.damage.allParams || ctx.damage.params.has(String(first))) return 'runtime';
      if (first !== undefined && !Object.hasOwn(ctx.params, String(first))) return at(`unknown pipeline param "${first}"`, suggestion(String(first), Object.keys(ctx.params), 'declared params'));
      return undefined;
    case 'env':
      if (first === undefined) return ctx.secretNames.size || ctx.damage.allEnv ? 'runtime' : undefined;
      if (ctx.damage.allEnv || ctx.damage.env.has(String(first))) return 'runtime';
      if (!ctx.envNames.has(String(first))) return at(`env "${first}" is not declared`, `declare it under \`env:\` (to pass the caller's value: \`${first}: \${{ env.${first} }}\`) or under \`secrets:\``);
      return ctx.secretNames.has(String(first)) ? 'runtime' : undefined;
    case 'matrix': {
      const keys = Object.keys(consumer?.matrix ?? {});
      if (first !== undefined && !keys.includes(String(first))) return at(`unknown matrix key "${first}"`, keys.length ? suggestion(String(first), keys, 'matrix keys') : 'this stage has no `matrix:`');
      return undefined;
    }
    case 'tools': {
      const known = declaredTools(ctx);
      if (first !== undefined && known && !known.includes(String(first))) {
        return at(`unknown tool "${first}"`, `${suggestion(String(first), known, 'tools the installed stages probe')} (see \`pipeline doctor\`)`, DiagnosticCode.UnknownTool);
      }
      return 'runtime';
    }
    case 'stages':
      break;
    default:
      return at(`unknown name "${ref.root}"`, 'expressions start from params, env, matrix, tools or stages', DiagnosticCode.ExprUnknownName);
  }
  if (first === undefined) return at('name the stage literally: `stages.<id>` or `stages[\'<id>\']`');
  const id = String(first);
  const info = ctx.stages.get(id);
  const memberOwner = info ? undefined : [...ctx.stages.values()].find((s) => s.members.some((m) => m.id === id));
  if (!info && !memberOwner) {
    const ids = [...ctx.stages.values()].flatMap((s) => (s.members.length > 1 ? [s.baseId, ...s.members.map((m) => m.id)] : [s.baseId]));
    return at(`unknown stage "${id}"`, suggestion(id, ids, 'stage ids'));
  }
  const owner = (info ?? memberOwner)!;
  if (second !== undefined && second !== 'outputs' && second !== 'status') return at(`stages.${id} has \`outputs\` and \`status\`, not "${second}"`);
  if (second === 'outputs' && third !== undefined && owner.stage && !Object.hasOwn(owner.stage.outputs, String(third))) {
    return at(`stage "${owner.baseId}" (${owner.spec.uses}) has no output "${third}"`, suggestion(String(third), Object.keys(owner.stage.outputs), 'outputs'));
  }
  if (second === 'outputs' && third !== undefined && owner.stage) {
    const members = memberOwner ? owner.members.filter((m) => m.id === id) : owner.members;
    if (members.length > 0 && members.every((m) => owner.absentOutputs.get(m.id)?.has(String(third)))) {
      return at(`stage "${owner.baseId}" (${owner.spec.uses}) does not produce "${third}" with the params it is given`, `see \`pipeline stages ${owner.spec.uses}\` for when "${third}" is produced`);
    }
  }
  if (memberOwner) {
    options.dependsOn.add(id);
    return 'runtime';
  }
  if (!owner.spec.matrix) {
    options.dependsOn.add(id);
    return 'runtime';
  }
  // A matrix producer: a consumer sharing its matrix keys reads the matching member.
  const keys = Object.keys(owner.spec.matrix);
  if (consumer && keys.every((k) => Object.hasOwn(consumer.matrix, k))) {
    const member = owner.members.find((m) => keys.every((k) => m.matrix[k] === consumer.matrix[k]));
    if (!member) return at(`stage "${id}" has no member for ${keys.map((k) => `${k}=${String(consumer.matrix[k])}`).join(',')}`, `its members: ${owner.members.map((m) => m.id).join(', ')}`, DiagnosticCode.MatrixNoMember);
    compiled.aliases[id] = member.id;
    options.dependsOn.add(member.id);
    return 'runtime';
  }
  if (options.allowMany && (compiled.manyBase === undefined || compiled.manyBase === id)) {
    compiled.manyBase = id;
    for (const m of owner.members) options.dependsOn.add(m.id);
    return 'runtime';
  }
  return at(`stage "${id}" is a matrix of ${owner.members.length} members; this needs one`, `pick one, e.g. stages['${owner.members[0]?.id}'], or take all of them through an input declared \`many: true\``, DiagnosticCode.MatrixAmbiguous);
}

/**
 * The tool names `${{ tools.<name> }}` may read: those the installed stages declare (`tools:` beside
 * their `probe`). Undefined when a stage with a probe declares none: its names are known only once it
 * runs, so no name can be called unknown.
 */
function declaredTools(ctx: PlanContext): string[] | undefined {
  const stages = ctx.registry.stages();
  if (stages.some((s) => s.probe && !s.tools)) return undefined;
  return [...new Set(stages.flatMap((s) => s.tools ?? []))].sort();
}

function report(ctx: PlanContext, path: NodePath, text: string, error: ExpressionError, consumer: StageMember | undefined): void {
  const loc = locateInString(ctx.source, path, text, error.start, error.end);
  const options = { ...(error.hint ? { hint: error.hint } : {}), ...(consumer ? { stage: consumer.id } : {}) };
  ctx.diagnostics.push(ctx.source.diagnosticAt(loc, error.code, error.message, options));
}

function calls(expr: Expr): Extract<Expr, { type: 'call' }>[] {
  const found: Extract<Expr, { type: 'call' }>[] = [];
  const visit = (e: Expr): void => {
    if (e.type === 'call') {
      found.push(e);
      e.args.forEach(visit);
    } else if (e.type === 'member') {
      visit(e.object);
      visit(e.property);
    } else if (e.type === 'unary') visit(e.operand);
    else if (e.type === 'binary') {
      visit(e.left);
      visit(e.right);
    }
  };
  visit(expr);
  return found;
}
