// Tokens of the protobuf text format (protobuf.dev/reference/protobuf/textformat-spec): identifiers,
// numbers, quoted strings with C escapes, single-character symbols, and `#` comments to end of line.
// Lines and columns are 1-based, as protobuf's own error collector prints them.
import { type Diagnostic, InvalidInputError } from '@pipeline/errors';

export type TokenKind = 'ident' | 'number' | 'string' | 'symbol' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text of the token (for strings: the decoded value). */
  text: string;
  line: number;
  column: number;
}

/** Malformed text, or a field the message does not have: protobuf's reason at file:line:col. */
export class TextFormatError extends InvalidInputError {
  override name = 'TextFormatError';
  /** protobuf's own wording, e.g. `Expected integer, got: $`. */
  readonly reason: string;
  constructor(file: string, line: number, column: number, reason: string) {
    super('E_PBTXT_SYNTAX', `${file}:${line}:${column}: ${reason}`, {
      loc: { file, line, column },
      hint: 'config.pbtxt is protobuf text format for inference.ModelConfig; Triton refuses it with this reason',
    });
    this.reason = reason;
  }
  override toDiagnostic(): Diagnostic {
    return { ...super.toDiagnostic(), message: this.reason };
  }
}

export function syntaxError(file: string, line: number, column: number, reason: string): TextFormatError {
  return new TextFormatError(file, line, column, reason);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

// Character classes by code, not regular expressions: the tokenizer is the reader's hot loop.
const isIdentStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdentPart = (c: string): boolean => isIdentStart(c) || isDigit(c);

/** Splits `text` into tokens; throws a located error on an unterminated string or a stray byte. */
export function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const column = i - lineStart + 1;
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text[j] as string)) j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j), line, column });
      i = j;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      let j = i + 1;
      // Numbers run over digits, letters (hex, exponent, `f` suffix), dots and exponent signs.
      while (j < n) {
        const d = text[j] as string;
        if (isIdentPart(d) || d === '.') j++;
        else if ((d === '+' || d === '-') && (text[j - 1] === 'e' || text[j - 1] === 'E') && !/^0[xX]/.test(text.slice(i, j)))
          j++;
        else break;
      }
      tokens.push({ kind: 'number', text: text.slice(i, j), line, column });
      i = j;
      continue;
    }
    if (c === '"' || c === "'") {
      const { value, end } = readString(text, i, file, line, column);
      tokens.push({ kind: 'string', text: value, line, column });
      i = end;
      continue;
    }
    // Any other character is a one-character symbol, as in protobuf's tokenizer, so the parser can
    // say what it expected instead (`Expected integer, got: $` for an unrendered template).
    tokens.push({ kind: 'symbol', text: c, line, column });
    i++;
  }
  tokens.push({ kind: 'eof', text: '', line, column: i - lineStart + 1 });
  return tokens;
}

function readString(
  text: string,
  start: number,
  file: string,
  line: number,
  column: number,
): { value: string; end: number } {
  const quote = text[start];
  // Octal and hex escapes are bytes (a UTF-8 sequence may be spelled byte by byte); text is text.
  let out = '';
  let pending: number[] = [];
  const flush = (): void => {
    if (pending.length > 0) out += Buffer.from(pending).toString('utf8');
    pending = [];
  };
  const pushText = (s: string): void => {
    flush();
    out += s;
  };
  const bytes = { push: (b: number): void => void pending.push(b) };
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === quote) {
      flush();
      return { value: out, end: i + 1 };
    }
    if (c === '\n') break;
    if (c !== '\\') {
      pushText(c);
      i++;
      continue;
    }
    const e = text[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      pushText(simple);
      i += 2;
    } else if (/[0-7]/.test(e)) {
      const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))?.[0] ?? '0';
      bytes.push(Number.parseInt(oct, 8) & 0xff);
      i += 1 + oct.length;
    } else if (e === 'x' || e === 'X') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4))?.[0];
      if (!hex) throw syntaxError(file, line, column, 'Expected hex digits for escape sequence.');
      bytes.push(Number.parseInt(hex, 16));
      i += 2 + hex.length;
    } else if (e === 'u' || e === 'U') {
      const width = e === 'u' ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex))
        throw syntaxError(file, line, column, 'Expected hex digits for unicode escape sequence.');
      pushText(String.fromCodePoint(Number.parseInt(hex, 16)));
      i += 2 + width;
    } else {
      throw syntaxError(file, line, column, `Invalid escape sequence in string literal: "\\${e}".`);
    }
  }
  throw syntaxError(file, line, column, 'Unexpected end of string.');
}
