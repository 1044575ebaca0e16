import { codeFrame, type Diagnostic, type Severity, type SourceLocation } from '@pipeline/errors';
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument, type YAMLMap } from 'yaml';
import { type LimitProblem, parseBoundedDocument } from './document-limits.js';
import { DiagnosticCode } from './codes.js';
import { yamlSyntaxProblems } from './yaml-syntax.js';

/** A path into the YAML document: map keys and sequence indexes, as ajv and zod report them. */
export type NodePath = readonly (string | number)[];

/** Whether a diagnostic points at a map entry's key (an unknown key) or its value (a bad value). */
export type NodePart = 'key' | 'value';

export interface DiagnosticOptions {
  severity?: Severity;
  hint?: string;
  stage?: string;
}

/**
 * A parsed pipeline file that can say where any of its nodes is. Every later phase reports through
 * it, so each diagnostic names file:line:col and carries a code frame of the offending node.
 */
export class PipelineSource {
  readonly lineCounter = new LineCounter();
  readonly doc: Document.Parsed;
  /** A bound the document passes (size, depth, alias expansion): nothing else about it is checked. */
  readonly limitProblem: LimitProblem | undefined;
  private readonly entryIndex = new WeakMap<YAMLMap, Map<string, Pair>>();
  /** `toJS`'s value, once made (boxed: a document may be `null`). */
  private js: { value: unknown } | undefined;

  /** `displayFile` is how diagnostics name the file (as the user typed it); `text` its content. */
  constructor(
    readonly displayFile: string,
    readonly text: string,
  ) {
    const { doc, problem } = parseBoundedDocument(text, this.lineCounter, { uniqueKeys: true });
    // A document past a bound is not composed (or not expanded); an empty one stands in for it.
    this.doc = doc ?? parseDocument('');
    this.limitProblem = problem;
  }

  /** Whether the file failed to parse or passes a bound: `toJS` is then not to be called. */
  hasProblems(): boolean {
    return this.limitProblem !== undefined || this.doc.errors.length > 0;
  }

  /**
   * The document as plain data, made once (the CLI reads the `uses:` names from it before the file is
   * checked): callers must not change it. Aliases are expanded under our own bound (see YAML_LIMITS),
   * not the library's count.
   */
  toJS(): unknown {
    if (!this.js) this.js = { value: this.doc.toJS({ maxAliasCount: -1 }) };
    return this.js.value;
  }

  /** YAML syntax errors, located; empty when the file parsed. */
  syntaxDiagnostics(): Diagnostic[] {
    if (this.limitProblem) {
      const { code, offset, end, message, hint } = this.limitProblem;
      return [this.diagnosticAt(this.locAtOffset(offset, end), code, message, { hint })];
    }
    if (this.doc.errors.length === 0) return this.directiveDiagnostics();
    return yamlSyntaxProblems(this.text, this.doc.errors).map((problem) =>
      this.diagnosticAt(this.locAtOffset(problem.fromParser ? this.skipIndentation(problem.start) : problem.start, problem.end), DiagnosticCode.YamlSyntax, problem.message, {
        hint: problem.hint ?? 'fix the YAML syntax first; every other check needs a file that parses',
      }),
    );
  }

  /**
   * `%YAML 9.9` or an unknown directive: the library only warns and reads the file as YAML 1.2, so a
   * file written for another version would silently mean something else.
   */
  private directiveDiagnostics(): Diagnostic[] {
    return this.doc.warnings
      .filter((w) => w.code === 'BAD_DIRECTIVE')
      .map((w) => this.diagnosticAt(this.locAtOffset(w.pos[0], w.pos[1]), DiagnosticCode.YamlDirective, w.message.split(' at line')[0] ?? w.message, { hint: 'pipeline files are YAML 1.2; remove the directive' }));
  }

  /** yaml places indentation errors at the line's start; the offending node starts after the spaces. */
  private skipIndentation(offset: number): number {
    let at = offset;
    while (this.text[at] === ' ' && (at === 0 || this.text[at - 1] === ' ' || this.text[at - 1] === '\n')) at++;
    return this.text[at] === '\n' || at >= this.text.length ? offset : at;
  }

  /** The location of a character offset (0-based) in the file; 1-based line and column. */
  locAtOffset(start: number, end = start + 1): SourceLocation {
    const from = this.lineCounter.linePos(start);
    const to = this.lineCounter.linePos(Math.max(start + 1, end));
    return { file: this.displayFile, line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  }

  /** The node at `path`: the entry's value, or its key when `part` is `key`. Undefined if absent. */
  nodeAt(path: NodePath, part: NodePart = 'value'): Node | undefined {
    let node: unknown = this.doc.contents;
    for (let i = 0; i < path.length; i++) {
      const step = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = this.entriesOf(node).get(String(step));
        if (!pair) return undefined;
        node = last && part === 'key' ? pair.key : pair.value;
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step];
      } else {
        return undefined;
      }
    }
    return (node ?? undefined) as Node | undefined;
  }

  /**
   * A map's entries by key, built once per map: every diagnostic and every compiled value is located
   * through `nodeAt`, and a linear search per step made checking a 4,000-stage file quadratic.
   */
  private entriesOf(map: YAMLMap): Map<string, Pair> {
    let entries = this.entryIndex.get(map);
    if (!entries) {
      entries = new Map();
      for (const pair of map.items) if (isPair(pair) && isScalar(pair.key) && !entries.has(String(pair.key.value))) entries.set(String(pair.key.value), pair);
      this.entryIndex.set(map, entries);
    }
    return entries;
  }

  /** The location of the node at `path`, or of its nearest existing ancestor (a missing key points at its parent). */
  locAt(path: NodePath, part: NodePart = 'value'): SourceLocation {
    for (let n = path.length; n >= 0; n--) {
      const node = this.nodeAt(path.slice(0, n), n === path.length ? part : 'key');
      if (node?.range) return this.locAtOffset(node.range[0], node.range[1]);
    }
    return { file: this.displayFile, line: 1, column: 1 };
  }

  /** A diagnostic at the node found by `path`, with a code frame. */
  diagnostic(path: NodePath, part: NodePart, code: string, message: string, options: DiagnosticOptions = {}): Diagnostic {
    return this.diagnosticAt(this.locAt(path, part), code, message, options);
  }

  /** A diagnostic at a known location, with a code frame. */
  diagnosticAt(loc: SourceLocation, code: string, message: string, options: DiagnosticOptions = {}): Diagnostic {
    const sameLine = loc.endLine === loc.line && loc.endColumn !== undefined;
    const width = sameLine ? Math.max(1, (loc.endColumn ?? 0) - loc.column) : 1;
    const d: Diagnostic = {
      code,
      severity: options.severity ?? 'error',
      message,
      loc,
      frame: codeFrame(this.text, loc.line, loc.column, width),
    };
    if (options.hint) d.hint = options.hint;
    if (options.stage) d.stage = options.stage;
    return d;
  }
}
