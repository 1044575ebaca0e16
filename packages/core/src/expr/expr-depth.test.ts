import { describe, expect, it } from 'vitest';
import { collectReferences } from './references.js';
import { evaluateExpression } from './evaluate.js';
import { ExpressionError } from './expression-error.js';
import { MAX_EXPRESSION_DEPTH, parseExpression } from './parser.js';

const roots = { params: { a: true }, env: {}, matrix: {}, tools: {}, stages: {} };

/** The error an expression is refused with; fails the test when it parses. */
function refusal(source: string): ExpressionError {
  try {
    parseExpression(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return error as ExpressionError;
  }
  throw new Error(`${source.slice(0, 20)}… parsed`);
}

describe('expression nesting is bounded', () => {
  it('evaluates nesting within the limit', () => {
    const depth = MAX_EXPRESSION_DEPTH - 2;
    expect(evaluateExpression(parseExpression(`${'!'.repeat(depth)}true`), roots)).toBe(depth % 2 === 0);
    expect(evaluateExpression(parseExpression(`${'('.repeat(depth)}1${')'.repeat(depth)}`), roots)).toBe(1);
    expect(evaluateExpression(parseExpression(Array(depth).fill('params.a').join(' && ')), roots)).toBe(true);
  });

  it('refuses 4,000 operators, 6,000 parentheses and a 5,000-term chain with E_EXPR_DEPTH at the level past the limit', () => {
    for (const source of [`${'!'.repeat(4000)}true`, `${'('.repeat(6000)}1${')'.repeat(6000)}`, Array(5000).fill('params.a').join(' && ')]) {
      const error = refusal(source);
      expect(error.code).toBe('E_EXPR_DEPTH');
      expect(error.start).toBeGreaterThan(0);
      expect(error.start).toBeLessThan(source.length);
    }
  });

  it('keeps the tree the evaluator and the reference walk see within the limit', () => {
    // Each term is 4 levels (three property reads and the operator).
    const expr = parseExpression(Array(Math.floor(MAX_EXPRESSION_DEPTH / 4) - 1).fill('stages.x.outputs.y').join(' ?? '));
    expect(collectReferences(expr).length).toBeGreaterThan(0);
  });
});
