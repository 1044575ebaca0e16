import { DiagnosticCode } from '../config/codes.js';
import type { Expr } from './ast.js';
import { ExpressionError } from './expression-error.js';
import { EXPRESSION_FUNCTIONS } from './functions.js';

/** The names an expression can start from (`params`, `env`, `stages`, …) and their values. */
export type ExprRoots = Readonly<Record<string, unknown>>;

/**
 * Interprets an expression tree. Reading a property of a missing value gives a missing value (so
 * `stages.a.outputs.m ?? stages.b.outputs.m` works when `a` was skipped); only own properties of
 * plain data are visible, never prototypes.
 */
export function evaluateExpression(expr: Expr, roots: ExprRoots): unknown {
  switch (expr.type) {
    case 'literal':
      return expr.value;
    case 'identifier':
      if (!Object.hasOwn(roots, expr.name)) throw new ExpressionError(DiagnosticCode.ExprUnknownName, `unknown name "${expr.name}"`, expr.start, expr.end, `expressions start from ${Object.keys(roots).join(', ')}`);
      return roots[expr.name];
    case 'member':
      return readProperty(evaluateExpression(expr.object, roots), evaluateExpression(expr.property, roots));
    case 'unary': {
      const value = evaluateExpression(expr.operand, roots);
      if (expr.operator === '!') return !truthy(value);
      if (typeof value !== 'number') throw new ExpressionError(DiagnosticCode.ExprEval, `cannot negate ${typeof value}`, expr.start, expr.end);
      return -value;
    }
    case 'binary':
      return evaluateBinary(expr as Extract<Expr, { type: 'binary' }>, roots);
    case 'call': {
      const fn = EXPRESSION_FUNCTIONS[expr.callee];
      if (!fn) throw new ExpressionError(DiagnosticCode.ExprUnknownName, `unknown function "${expr.callee}"`, expr.start, expr.end, `functions: ${Object.keys(EXPRESSION_FUNCTIONS).join(', ')}`);
      const [min, max] = fn.arity;
      if (expr.args.length < min || expr.args.length > max) {
        throw new ExpressionError(DiagnosticCode.ExprEval, `${expr.callee} takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${expr.args.length}`, expr.start, expr.end, fn.doc);
      }
      const args = expr.args.map((a) => evaluateExpression(a, roots));
      try {
        return fn.call(...args);
      } catch (error) {
        throw new ExpressionError(DiagnosticCode.ExprEval, (error as Error).message, expr.start, expr.end, fn.doc);
      }
    }
  }
}

function evaluateBinary(expr: Extract<Expr, { type: 'binary' }>, roots: ExprRoots): unknown {
  const left = evaluateExpression(expr.left, roots);
  switch (expr.operator) {
    case '&&':
      return truthy(left) ? evaluateExpression(expr.right, roots) : left;
    case '||':
      return truthy(left) ? left : evaluateExpression(expr.right, roots);
    case '??':
      return left === undefined || left === null ? evaluateExpression(expr.right, roots) : left;
    default:
      break;
  }
  const right = evaluateExpression(expr.right, roots);
  switch (expr.operator) {
    case '==':
      return looselyEqual(left, right);
    case '!=':
      return !looselyEqual(left, right);
    default:
      // Ordering only between two numbers or two strings: anything else is a mistake worth reporting.
      if (!((typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string'))) {
        throw new ExpressionError(DiagnosticCode.ExprEval, `cannot compare ${typeName(left)} ${expr.operator} ${typeName(right)}`, expr.start, expr.end, 'both sides must be numbers, or both text');
      }
      if (expr.operator === '<') return left < right;
      if (expr.operator === '<=') return left <= right;
      if (expr.operator === '>') return left > right;
      return left >= right;
  }
}

/** Equality without JavaScript's coercions, except that a number equals its decimal text (`-p` values arrive as text). */
function looselyEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'string') return b.trim() !== '' && Number(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return looselyEqual(b, a);
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  return a === b;
}

export function truthy(value: unknown): boolean {
  return !(value === undefined || value === null || value === false || value === 0 || value === '' || Number.isNaN(value));
}

function readProperty(object: unknown, property: unknown): unknown {
  if (object === undefined || object === null) return undefined;
  if (Array.isArray(object) || typeof object === 'string') {
    if (property === 'length') return object.length;
    return typeof property === 'number' ? object[property] : undefined;
  }
  if (typeof object !== 'object') return undefined;
  const key = String(property);
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  return Array.isArray(value) ? 'a list' : typeof value;
}
