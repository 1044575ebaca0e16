import { LineCounter, type YAMLError } from 'yaml';
import { parseBoundedDocument } from './document-limits.js';

/** One syntax problem worth reporting: a character range and what to say about it. */
export interface SyntaxProblem {
  start: number;
  end: number;
  message: string;
  hint?: string;
  /** True when `start` may sit on a line's indentation (yaml places indentation errors there). */
  fromParser: boolean;
}

/** Enough rounds for a file full of unquoted expressions; each round re-parses a small file. */
const MAX_ROUNDS = 50;

/**
 * The syntax errors of a YAML text, without the cascade the yaml library emits after the first one.
 *
 * The common mistake is an unquoted `${{ … }}` inside a flow mapping or sequence (`{ a: ${{ x }} }`):
 * there `{` opens a nested map, and every token up to the end of the file is reported again (~10
 * errors for one mistake). Such an expression is reported once, with a "quote it" hint, then replaced
 * by a quoted string of the same length and the text is parsed again, so the errors that remain are
 * genuinely separate ones. Of those, the first per line is kept, and "… token in YAML stream" errors
 * after an earlier error are dropped: they are the parser resynchronising, not new mistakes.
 */
export function yamlSyntaxProblems(text: string, firstErrors: readonly YAMLError[]): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  let patched = text;
  let errors = firstErrors;
  for (let round = 0; round < MAX_ROUNDS && errors.length > 0; round++) {
    const span = firstExpressionError(patched, errors);
    if (!span) break;
    const expression = text.slice(span.start, span.end);
    problems.push({
      start: span.start,
      end: span.end,
      message: `unquoted expression ${expression} inside a flow mapping or sequence ({ … } or [ … ]), where \`{\` opens a nested map`,
      hint: `quote the expression: ${keyBefore(text, span.start) ?? ''}"${expression}"`,
      fromParser: false,
    });
    patched = `${patched.slice(0, span.start)}${quotedPlaceholder(expression)}${patched.slice(span.end)}`;
    errors = parseBoundedDocument(patched, new LineCounter(), { uniqueKeys: true }).doc?.errors ?? [];
  }
  const lines = new Set(problems.map((p) => lineOf(text, p.start)));
  let seenError = problems.length > 0;
  for (const error of errors) {
    const line = lineOf(text, error.pos[0]);
    const followOn = seenError && / in YAML stream/.test(error.message);
    seenError = true;
    if (followOn || lines.has(line)) continue;
    lines.add(line);
    problems.push({ start: error.pos[0], end: error.pos[1], message: error.message.split('\n')[0] ?? error.message, fromParser: true });
  }
  return problems.sort((a, b) => a.start - b.start);
}

/**
 * The expression the first expression-related error falls in. Errors before it that are not in one
 * (a duplicate key) are separate mistakes and are skipped; a "token in YAML stream" error means the
 * parser lost the structure, and anything after it is its consequence, so the search stops there.
 */
function firstExpressionError(text: string, errors: readonly YAMLError[]): { start: number; end: number } | undefined {
  for (const error of errors) {
    const span = unquotedExpressionAt(text, error.pos[0]);
    if (span) return span;
    if (/ in YAML stream/.test(error.message)) return undefined;
  }
  return undefined;
}

/** The unquoted `${{ … }}` that contains (or ends right before) `offset`, if any. */
function unquotedExpressionAt(text: string, offset: number): { start: number; end: number } | undefined {
  for (const match of text.matchAll(/\$\{\{[\s\S]*?\}\}/g)) {
    const start = match.index;
    const end = start + match[0].length;
    if (start > offset) return undefined;
    const before = text[start - 1];
    if (offset <= end && before !== '"' && before !== "'") return { start, end };
  }
  return undefined;
}

/** `"xxxx"` as long as the expression, line breaks kept, so every later offset still points at the same character. */
function quotedPlaceholder(expression: string): string {
  return `"${expression.slice(1, -1).replace(/[^\n]/g, 'x')}"`;
}

/** `max_p99_ms: ` when the expression is a flow map's value (for the hint), else undefined. */
function keyBefore(text: string, offset: number): string | undefined {
  const key = /([\w.-]+)\s*:\s*$/.exec(text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset))?.[1];
  return key === undefined ? undefined : `${key}: `;
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
