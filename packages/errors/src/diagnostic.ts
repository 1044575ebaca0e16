/** Where in a user's file a problem sits. Lines and columns are 1-based, as editors show them. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem as data: a stable `code` tools can match on, a one-line `message`, where it is and how to
 * fix it. One formatter renders these (see `formatDiagnostic`), so every package reports alike.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  loc?: SourceLocation;
  /** The offending source line(s) with a caret, filled in by whoever has the source text. */
  frame?: string;
  hint?: string;
  /** The stage id the problem belongs to, when it belongs to one. */
  stage?: string;
}

/** Orders diagnostics by file, line, column so output is stable whatever order checks ran in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.loc?.file ?? '';
  const fb = b.loc?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.column ?? 0) - (b.loc?.column ?? 0);
}
