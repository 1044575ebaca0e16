import { Composer, type Document, isAlias, isMap, isPair, isScalar, isSeq, Lexer, type LineCounter, Parser, YAMLParseError } from 'yaml';
import { DiagnosticCode } from './codes.js';

/**
 * Bounds on a pipeline document, so a hostile or broken file is refused at once, located, instead of
 * exhausting the stack (deep nesting), memory (an alias bomb) or time (a huge file). A real pipeline
 * file is a few KiB, nests fewer than 15 levels and expands its aliases to a few hundred nodes.
 */
export const YAML_LIMITS = {
  /** File size in bytes (a 10,000-stage exec file is ~0.8 MiB). */
  maxBytes: 2 * 1024 * 1024,
  /** Nesting of collections (block or flow); the yaml library's recursive composer overflows near 800. */
  maxDepth: 64,
  /** Nodes the document has once every alias is expanded (what `toJS` builds). */
  maxAliasNodes: 100_000,
} as const;

/** A limit the document passes, at a character offset of its text. */
export interface LimitProblem {
  code: string;
  offset: number;
  end: number;
  message: string;
  hint: string;
}

/** Thrown inside the token stream when the parser's stack passes the depth limit; stops composing. */
class TooDeep {
  constructor(readonly offset: number) {}
}

/**
 * `parseDocument` with a depth bound: the CST parser keeps an explicit stack (one entry per open
 * collection), so its length is checked after every token, before the recursive composer sees a
 * structure deep enough to overflow. The document is parsed once either way.
 */
export function parseBoundedDocument(text: string, lineCounter: LineCounter, options: { uniqueKeys: boolean }): { doc: Document.Parsed | undefined; problem?: LimitProblem } {
  // What Parser.parse does first: the line counter's first line starts at offset 0.
  lineCounter.addNewLine(0);
  const bytes = Buffer.byteLength(text);
  if (bytes > YAML_LIMITS.maxBytes) {
    const message = `the file is ${bytes} bytes, more than the ${YAML_LIMITS.maxBytes} a pipeline file may have`;
    return { doc: undefined, problem: { code: DiagnosticCode.YamlSize, offset: 0, end: 1, message, hint: 'a pipeline file describes stages; keep data in files its stages read' } };
  }
  const parser = new Parser(lineCounter.addNewLine);
  // An alias is a lexeme of its own, `*name`; a file without one has nothing to expand.
  let aliases = false;
  function* tokens() {
    for (const lexeme of new Lexer().lex(text, false)) {
      if (lexeme.charCodeAt(0) === 42) aliases = true;
      const offset = parser.offset;
      yield* parser.next(lexeme);
      if (parser.stack.length > YAML_LIMITS.maxDepth) throw new TooDeep(offset);
    }
    yield* parser.end();
  }
  // The library's own duplicate-key check scans the map for every key (quadratic: 10,000 `env:` keys
  // took 4 s); `duplicateKeyErrors` does it with a set per map.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false });
  let doc: Document.Parsed | undefined;
  try {
    for (const next of composer.compose(tokens(), true, text.length)) doc ??= next;
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
    const message = `the document nests more than ${YAML_LIMITS.maxDepth} levels deep here`;
    return { doc: undefined, problem: { code: DiagnosticCode.YamlDepth, offset: error.offset, end: error.offset + 1, message, hint: 'a pipeline file needs fewer than 15 levels; flatten the structure' } };
  }
  if (doc && options.uniqueKeys) doc.errors.push(...duplicateKeyErrors(doc));
  doc?.errors.sort((a, b) => a.pos[0] - b.pos[0]);
  const aliasProblem = doc && aliases ? aliasExpansionProblem(doc) : undefined;
  return aliasProblem ? { doc, problem: aliasProblem } : { doc };
}

/**
 * The alias at which the expanded document passes `maxAliasNodes`, if any. Node sizes are computed
 * bottom-up without recursion (an alias may only name an earlier anchor, so its target's size is
 * known when the alias is reached); the running total of alias expansions is checked at each alias.
 */
function aliasExpansionProblem(doc: Document.Parsed): LimitProblem | undefined {
  const size = new Map<unknown, number>();
  let expanded = 0;
  const stack: { node: unknown; entered: boolean }[] = [{ node: doc.contents, entered: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { node: unknown; entered: boolean };
    const children = childrenOf(top.node);
    if (!top.entered && children.length > 0) {
      top.entered = true;
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], entered: false });
      continue;
    }
    stack.pop();
    if (isAlias(top.node)) {
      const target = top.node.resolve(doc);
      // An alias to an anchor still open (a recursive structure) cannot be expanded at all.
      const targetSize = target === undefined ? 1 : (size.get(target) ?? Number.POSITIVE_INFINITY);
      expanded += targetSize;
      size.set(top.node, targetSize);
      if (expanded > YAML_LIMITS.maxAliasNodes) {
        const [start, end] = top.node.range ?? [0, 1];
        const message = `expanding the aliases up to *${top.node.source} gives more than ${YAML_LIMITS.maxAliasNodes} nodes`;
        return { code: DiagnosticCode.YamlAliasLimit, offset: start, end, message, hint: 'an alias repeats its anchor in full; nested aliases multiply (a "billion laughs" document)' };
      }
    } else {
      size.set(top.node, children.reduce<number>((sum, child) => sum + (size.get(child) ?? 0), 1));
    }
  }
  return undefined;
}

/** The library's DUPLICATE_KEY errors, found in linear time: a second scalar key of the same value in one map. */
function duplicateKeyErrors(doc: Document.Parsed): YAMLParseError[] {
  const errors: YAMLParseError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (key !== undefined && seen.has(key) && isScalar(pair.key) && pair.key.range) errors.push(new YAMLParseError([pair.key.range[0], pair.key.range[0] + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
        seen.add(key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      stack.push(...node.items);
    }
  }
  return errors;
}

function childrenOf(node: unknown): unknown[] {
  if (isMap(node) || isSeq(node)) return node.items as unknown[];
  if (isPair(node)) return [node.key, node.value].filter((n) => n !== null && n !== undefined);
  return [];
}
