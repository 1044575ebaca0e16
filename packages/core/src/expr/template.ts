import { DiagnosticCode } from '../config/codes.js';
import type { Expr } from './ast.js';
import { type ExprRoots, evaluateExpression } from './evaluate.js';
import { ExpressionError } from './expression-error.js';
import { stringify } from './functions.js';
import { parseExpression } from './parser.js';

export type TemplatePart =
  | { type: 'text'; value: string }
  /** `offset` is where `${{` starts in the string; expression offsets are relative to `sourceOffset`. */
  | { type: 'expression'; source: string; expr: Expr; offset: number; sourceOffset: number };

/** A YAML string with `${{ }}` in it, parsed once. */
export interface Template {
  text: string;
  parts: TemplatePart[];
  /** The whole string is one expression: its value keeps its type (a number, an artifact, a map). */
  whole: boolean;
}

const OPEN = '${{';

/** True when the string holds at least one `${{`. */
export function hasExpression(text: string): boolean {
  return text.includes(OPEN);
}

/**
 * Splits a string into text and expressions. Errors are `ExpressionError`s with offsets into
 * `text`, so the caller can place them in the file.
 */
export function parseTemplate(text: string): Template {
  const parts: TemplatePart[] = [];
  let cursor = 0;
  for (;;) {
    const open = text.indexOf(OPEN, cursor);
    if (open < 0) break;
    if (open > cursor) parts.push({ type: 'text', value: text.slice(cursor, open) });
    const sourceOffset = open + OPEN.length;
    const close = findClose(text, sourceOffset);
    if (close < 0) throw new ExpressionError(DiagnosticCode.ExprSyntax, 'unclosed "${{"', open, text.length, 'end the expression with "}}"');
    const source = text.slice(sourceOffset, close);
    let expr: Expr;
    try {
      expr = parseExpression(source);
    } catch (error) {
      throw shift(error, sourceOffset);
    }
    parts.push({ type: 'expression', source: source.trim(), expr, offset: open, sourceOffset });
    cursor = close + 2;
  }
  if (cursor < text.length) parts.push({ type: 'text', value: text.slice(cursor) });
  // Blank text around a single expression (YAML block scalars end with a newline) does not make it text.
  const meaningful = parts.filter((p) => p.type === 'expression' || p.value.trim() !== '');
  const whole = meaningful.length === 1 && meaningful[0]?.type === 'expression';
  return { text, parts: whole ? meaningful : parts, whole };
}

/**
 * The template's value: the expression's own value when `whole`, else the parts joined as text.
 * `quote` is applied to every text an expression contributes (a whole string value, or a part), never
 * to the literal text: a stage with a template syntax of its own (exec's `{in:NAME}`) reads substituted
 * values verbatim that way.
 */
export function evaluateTemplate(template: Template, roots: ExprRoots, quote: (text: string) => string = (text) => text): unknown {
  if (template.whole) {
    const value = evaluatePart(template.parts[0] as Extract<TemplatePart, { type: 'expression' }>, roots);
    return typeof value === 'string' ? quote(value) : value;
  }
  return template.parts.map((part) => (part.type === 'text' ? part.value : quote(stringify(evaluatePart(part, roots))))).join('');
}

function evaluatePart(part: Extract<TemplatePart, { type: 'expression' }>, roots: ExprRoots): unknown {
  try {
    return evaluateExpression(part.expr, roots);
  } catch (error) {
    throw shift(error, part.sourceOffset);
  }
}

/** Moves an expression error's offsets from the expression to the whole string. */
export function shift(error: unknown, by: number): unknown {
  if (!(error instanceof ExpressionError)) return error;
  return new ExpressionError(error.code, error.message, error.start + by, error.end + by, error.hint);
}

/** The `}}` that ends the expression starting at `from`, skipping any inside quoted strings. */
function findClose(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '}' && text[i + 1] === '}') {
      return i;
    }
  }
  return -1;
}
