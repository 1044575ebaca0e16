import { DiagnosticCode } from '../config/codes.js';
import { ExpressionError } from './expression-error.js';

export type TokenType = 'number' | 'string' | 'identifier' | 'punct' | 'eof';

export interface Token {
  type: TokenType;
  /** The text for punctuation and identifiers, the decoded value for strings, the digits for numbers. */
  value: string;
  start: number;
  end: number;
}

// Longest first, so `<=` is not read as `<` then `=`.
const PUNCTUATION = ['==', '!=', '<=', '>=', '&&', '||', '??', '<', '>', '!', '-', '.', '[', ']', '(', ')', ','];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', "'": "'", '"': '"' };

/** Splits an expression into tokens. Identifiers may contain `-` (stage ids such as `det-model`). */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(ch)) {
      const match = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(i));
      const text = match?.[0] ?? ch;
      i += text.length;
      tokens.push({ type: 'number', value: text, start, end: i });
    } else if (/[A-Za-z_]/.test(ch)) {
      const text = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i))?.[0] ?? ch;
      i += text.length;
      tokens.push({ type: 'identifier', value: text, start, end: i });
    } else if (ch === "'" || ch === '"') {
      let value = '';
      i++;
      while (i < source.length && source[i] !== ch) {
        if (source[i] === '\\') {
          const escaped = ESCAPES[source[i + 1] ?? ''];
          if (escaped === undefined) throw new ExpressionError(DiagnosticCode.ExprSyntax, `unknown escape \\${source[i + 1] ?? ''} in a string`, i, i + 2);
          value += escaped;
          i += 2;
        } else {
          value += source[i];
          i++;
        }
      }
      if (i >= source.length) throw new ExpressionError(DiagnosticCode.ExprSyntax, 'unterminated string', start, source.length, `close it with ${ch}`);
      tokens.push({ type: 'string', value, start, end: ++i });
    } else {
      const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
      if (!punct) {
        const hint = ch === '=' ? 'compare with `==`' : ch === '&' || ch === '|' ? 'use `&&` or `||`' : undefined;
        throw new ExpressionError(DiagnosticCode.ExprSyntax, `unexpected character "${ch}"`, i, i + 1, hint);
      }
      i += punct.length;
      tokens.push({ type: 'punct', value: punct, start, end: i });
    }
  }
  tokens.push({ type: 'eof', value: '', start: source.length, end: source.length });
  return tokens;
}
