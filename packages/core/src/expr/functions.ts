/** A function callable from expressions; `args` are already evaluated. Throws `Error` on misuse. */
type ExprFunction = (...args: unknown[]) => unknown;

function text(value: unknown): string {
  return stringify(value);
}

/**
 * The functions expressions may call. Deliberately few and pure: no I/O, no clock, so a plan is a
 * function of its inputs.
 */
export const EXPRESSION_FUNCTIONS: Readonly<Record<string, { arity: [number, number]; call: ExprFunction; doc: string }>> = {
  contains: {
    arity: [2, 2],
    doc: 'contains(haystack, needle): a string contains a substring, or a list an item',
    call: (haystack, needle) => (Array.isArray(haystack) ? haystack.includes(needle) : text(haystack).includes(text(needle))),
  },
  startsWith: { arity: [2, 2], doc: 'startsWith(text, prefix)', call: (s, prefix) => text(s).startsWith(text(prefix)) },
  endsWith: { arity: [2, 2], doc: 'endsWith(text, suffix)', call: (s, suffix) => text(s).endsWith(text(suffix)) },
  format: {
    arity: [1, 20],
    doc: "format('{0}-{1}', a, b): replaces {n} with the n-th argument",
    call: (pattern, ...args) =>
      text(pattern).replace(/\{(\d+)\}/g, (_whole, n: string) => {
        const index = Number(n);
        if (index >= args.length) throw new Error(`format: no argument for {${n}}`);
        return text(args[index]);
      }),
  },
  join: { arity: [1, 2], doc: "join(list, ','): the items as text", call: (list, sep) => (Array.isArray(list) ? list.map(text).join(sep === undefined ? ',' : text(sep)) : text(list)) },
  toJSON: { arity: [1, 1], doc: 'toJSON(value): the value as JSON text', call: (value) => JSON.stringify(value ?? null) },
  fromJSON: {
    arity: [1, 1],
    doc: 'fromJSON(text): parses JSON text',
    call: (value) => {
      try {
        return JSON.parse(text(value));
      } catch (error) {
        throw new Error(`fromJSON: ${(error as Error).message}`);
      }
    },
  },
  exists: { arity: [1, 1], doc: 'exists(value): true unless the value is missing (a skipped stage’s output)', call: (value) => value !== undefined && value !== null },
};

/** Expression values as text: artifacts by their path, lists and maps as JSON, missing as ''. */
export function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isArtifactLike(value)) return value.path;
  return JSON.stringify(value);
}

function isArtifactLike(value: unknown): value is { path: string } {
  return typeof value === 'object' && value !== null && typeof (value as { path?: unknown }).path === 'string' && typeof (value as { digest?: unknown }).digest === 'string';
}
