import type { Diagnostic } from './diagnostic.js';

/**
 * Builds the code frame shown under a diagnostic: the offending line with its number and a caret under
 * the column, one line of context above. `source` is the whole file text.
 */
export function codeFrame(source: string, line: number, column: number, width = 1): string {
  const lines = source.split(/\r?\n/);
  const out: string[] = [];
  const gutter = String(line).length;
  for (let n = Math.max(1, line - 1); n <= Math.min(lines.length, line); n++) {
    out.push(`${String(n).padStart(gutter)} | ${lines[n - 1] ?? ''}`);
  }
  out.push(`${' '.repeat(gutter)} | ${' '.repeat(Math.max(0, column - 1))}${'^'.repeat(Math.max(1, width))}`);
  return out.join('\n');
}

/** Renders one diagnostic as `file:line:col error[CODE] message`, then its frame and hint. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.loc ? `${d.loc.file}:${d.loc.line}:${d.loc.column} ` : '';
  const stage = d.stage && !d.loc ? `[${d.stage}] ` : '';
  const parts = [`${where}${stage}${d.severity}[${d.code}] ${d.message}`];
  if (d.frame) parts.push(d.frame.replace(/^/gm, '  '));
  if (d.hint) parts.push(`  hint: ${d.hint}`);
  return parts.join('\n');
}
