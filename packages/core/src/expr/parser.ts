import { DiagnosticCode } from '../config/codes.js';
import type { BinaryOperator, Expr } from './ast.js';
import { ExpressionError } from './expression-error.js';
import { type Token, tokenize } from './tokenizer.js';

// Binding power of each binary operator: `??` binds loosest, so `a ?? b == c` reads `a ?? (b == c)`.
const BINARY_POWER: Record<string, number> = {
  '??': 1,
  '||': 2,
  '&&': 3,
  '==': 4,
  '!=': 4,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
};
const UNARY_POWER = 6;
const KEYWORDS: Record<string, boolean | null> = { true: true, false: false, null: null };

/**
 * Parses one expression (the text between `${{` and `}}`) with a Pratt parser. No `eval`: the tree
 * is interpreted by `evaluateExpression`, which can only read the scope it is given.
 */
/**
 * How deep an expression may nest (operators, parentheses, property reads). The parser, the evaluator
 * and the reference walk recurse over the tree; thousands of levels would overflow the stack. A real
 * expression nests a handful of levels.
 */
export const MAX_EXPRESSION_DEPTH = 100;

export function parseExpression(source: string): Expr {
  const parser = new Parser(source, tokenize(source));
  if (parser.peek().type === 'eof') throw new ExpressionError(DiagnosticCode.ExprSyntax, 'empty expression', 0, source.length);
  const expr = parser.expression(0);
  const rest = parser.peek();
  if (rest.type !== 'eof') throw new ExpressionError(DiagnosticCode.ExprSyntax, `unexpected "${source.slice(rest.start, rest.end)}"`, rest.start, rest.end, 'join conditions with `&&` or `||`');
  return expr;
}

class Parser {
  private index = 0;
  /** Open `expression` calls: bounds the recursion (parentheses nest without making tree nodes). */
  private open = 0;
  /** The height of each built node; leaves are 1. */
  private readonly heights = new WeakMap<Expr, number>();
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.index++;
    return token;
  }

  private expect(value: string): Token {
    const token = this.next();
    if (token.type !== 'punct' || token.value !== value) {
      const found = token.type === 'eof' ? 'the end' : `"${this.source.slice(token.start, token.end)}"`;
      throw new ExpressionError(DiagnosticCode.ExprSyntax, `expected "${value}" but found ${found}`, token.start, Math.max(token.end, token.start + 1));
    }
    return token;
  }

  /** `expr`, after checking that it (with its children) stays within MAX_EXPRESSION_DEPTH. */
  private built<T extends Expr>(expr: T, at: Token, ...children: Expr[]): T {
    const height = 1 + Math.max(0, ...children.map((child) => this.heights.get(child) ?? 1));
    if (height > MAX_EXPRESSION_DEPTH) throw this.tooDeep(at);
    this.heights.set(expr, height);
    return expr;
  }

  private tooDeep(at: Token): ExpressionError {
    return new ExpressionError(DiagnosticCode.ExprDepth, `the expression nests more than ${MAX_EXPRESSION_DEPTH} levels deep here`, at.start, Math.max(at.end, at.start + 1), 'split it: compute parts in env: or in earlier stages');
  }

  expression(minPower: number): Expr {
    if (++this.open > MAX_EXPRESSION_DEPTH) throw this.tooDeep(this.peek());
    const expr = this.binary(minPower);
    this.open--;
    return expr;
  }

  private binary(minPower: number): Expr {
    let left = this.prefix();
    for (;;) {
      const token = this.peek();
      const power = token.type === 'punct' ? BINARY_POWER[token.value] : undefined;
      if (power === undefined || power <= minPower) return left;
      this.next();
      const right = this.expression(power);
      left = this.built({ type: 'binary', operator: token.value as BinaryOperator, left, right, start: left.start, end: right.end }, token, left, right);
    }
  }

  private prefix(): Expr {
    const token = this.next();
    if (token.type === 'punct' && (token.value === '!' || token.value === '-')) {
      const operand = this.expression(UNARY_POWER - 1);
      return this.postfix(this.built({ type: 'unary', operator: token.value, operand, start: token.start, end: operand.end }, token, operand));
    }
    if (token.type === 'punct' && token.value === '(') {
      const inner = this.expression(0);
      this.expect(')');
      return this.postfix(inner);
    }
    if (token.type === 'number') return { type: 'literal', value: Number(token.value), start: token.start, end: token.end };
    if (token.type === 'string') return this.postfix({ type: 'literal', value: token.value, start: token.start, end: token.end });
    if (token.type === 'identifier') {
      if (token.value in KEYWORDS) return { type: 'literal', value: KEYWORDS[token.value] ?? null, start: token.start, end: token.end };
      if (this.peek().type === 'punct' && this.peek().value === '(') return this.postfix(this.call(token));
      return this.postfix({ type: 'identifier', name: token.value, start: token.start, end: token.end });
    }
    const found = token.type === 'eof' ? 'the end of the expression' : `"${this.source.slice(token.start, token.end)}"`;
    throw new ExpressionError(DiagnosticCode.ExprSyntax, `expected a value but found ${found}`, token.start, Math.max(token.end, token.start + 1));
  }

  private call(name: Token): Expr {
    this.expect('(');
    const args: Expr[] = [];
    if (!(this.peek().type === 'punct' && this.peek().value === ')')) {
      do args.push(this.expression(0));
      while (this.peek().type === 'punct' && this.peek().value === ',' && this.next());
    }
    const close = this.expect(')');
    return this.built({ type: 'call', callee: name.value, args, start: name.start, end: close.end }, name, ...args);
  }

  /** Property access binds tightest: `a.b`, `a['x@y=1']`, `a[0]`. */
  private postfix(object: Expr): Expr {
    for (;;) {
      const token = this.peek();
      if (token.type === 'punct' && token.value === '.') {
        this.next();
        const name = this.next();
        if (name.type !== 'identifier') throw new ExpressionError(DiagnosticCode.ExprSyntax, 'expected a property name after "."', name.start, Math.max(name.end, name.start + 1), "use ['name'] for names with other characters");
        object = this.built({ type: 'member', object, property: { type: 'literal', value: name.value, start: name.start, end: name.end }, start: object.start, end: name.end }, name, object);
      } else if (token.type === 'punct' && token.value === '[') {
        this.next();
        const property = this.expression(0);
        const close = this.expect(']');
        object = this.built({ type: 'member', object, property, start: object.start, end: close.end }, token, object, property);
      } else {
        return object;
      }
    }
  }
}
