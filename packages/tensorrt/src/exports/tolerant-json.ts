/** A JSON value as the tolerant reader returns it (numbers may be NaN or ±Infinity). */
export type LooseJson = null | boolean | number | string | LooseJson[] | { [key: string]: LooseJson };

/** Where the text stopped making sense. Lines and columns are 1-based. */
export class LooseJsonError extends Error {
  override name = 'LooseJsonError';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at line ${line}, column ${column}`);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const WORDS: [RegExp, LooseJson][] = [
  [/^-?(?:inf|infinity)\b/i, 0],
  [/^[+-]?nan\b/i, Number.NaN],
  [/^true\b/, true],
  [/^false\b/, false],
  [/^null\b/, null],
];

/**
 * Reads JSON as trtexec and TensorRT write it by hand (`std::ostream <<`, not a JSON library):
 * accepts `nan`/`-nan`/`inf`/`-inf`, trailing commas, raw control characters and stray backslashes
 * in strings, and unescaped `"` inside a string — a quote ends the string only when the next
 * non-blank character is `,` `:` `}` `]` or the end of the text, as it always is in these files.
 */
export function parseLooseJson(text: string): LooseJson {
  let pos = 0;
  const fail = (message: string): never => {
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    throw new LooseJsonError(message, line, pos - before.lastIndexOf('\n'));
  };
  const skipBlank = () => {
    while (pos < text.length && /\s/.test(text[pos] ?? '')) pos++;
  };
  const nextSignificant = (from: number): string => {
    let i = from;
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    return text[i] ?? '';
  };

  const readString = (): string => {
    pos++; // opening quote
    let out = '';
    while (pos < text.length) {
      const ch = text[pos] ?? '';
      if (ch === '"') {
        const after = nextSignificant(pos + 1);
        if (after === '' || ',:}]'.includes(after)) {
          pos++;
          return out;
        }
        out += ch; // an unescaped quote inside a layer name
        pos++;
        continue;
      }
      if (ch === '\\') {
        const esc = text[pos + 1] ?? '';
        if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
          out += String.fromCharCode(Number.parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
          continue;
        }
        const mapped = ESCAPES[esc];
        out += mapped ?? `\\`; // a stray backslash (a Windows path) stays as written
        pos += mapped === undefined ? 1 : 2;
        continue;
      }
      out += ch;
      pos++;
    }
    return fail('unterminated string');
  };

  const readValue = (): LooseJson => {
    skipBlank();
    const ch = text[pos];
    if (ch === '{') return readObject();
    if (ch === '[') return readArray();
    if (ch === '"') return readString();
    const rest = text.slice(pos, pos + 12);
    for (const [pattern, value] of WORDS) {
      const m = pattern.exec(rest);
      if (!m) continue;
      pos += m[0].length;
      if (value === 0) return m[0].startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
      return value;
    }
    const num = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(pos, pos + 64));
    if (!num) return fail(`unexpected ${ch === undefined ? 'end of text' : `"${ch}"`}`);
    pos += num[0].length;
    return Number(num[0]);
  };

  const readArray = (): LooseJson[] => {
    pos++;
    const items: LooseJson[] = [];
    for (;;) {
      skipBlank();
      if (text[pos] === ']') {
        pos++;
        return items;
      }
      items.push(readValue());
      skipBlank();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== ']') fail('expected "," or "]"');
    }
  };

  const readObject = (): { [key: string]: LooseJson } => {
    pos++;
    const obj: { [key: string]: LooseJson } = {};
    for (;;) {
      skipBlank();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      if (text[pos] !== '"') fail('expected a quoted key');
      const key = readString();
      skipBlank();
      if (text[pos] !== ':') fail('expected ":"');
      pos++;
      obj[key] = readValue();
      skipBlank();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== '}') fail('expected "," or "}"');
    }
  };

  const value = readValue();
  skipBlank();
  if (pos < text.length) fail('unexpected text after the JSON value');
  return value;
}
