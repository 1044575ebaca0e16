import type { Diagnostic } from '@pipeline/errors';
import { DiagnosticCode } from '../config/codes.js';
import type { PipelineSource } from '../config/source.js';
import type { MatrixValue } from './types.js';

/** One planned instance of a `stages:` entry: the entry itself, or one member of its matrix. */
export interface StageMember {
  id: string;
  baseId: string;
  matrix: Record<string, MatrixValue>;
}

/**
 * The stable id of a matrix member: `convert@precision=fp16`, keys in the order the file declares
 * them, joined by `,` (`convert@precision=fp16,batch=8`). A stage without matrix keeps its id.
 */
export function memberId(baseId: string, matrix: Readonly<Record<string, MatrixValue>>): string {
  const pairs = Object.entries(matrix).map(([key, value]) => `${key}=${String(value)}`);
  return pairs.length ? `${baseId}@${pairs.join(',')}` : baseId;
}

/** Expands a stage's `matrix:` into its members (the cartesian product), checking values are usable in ids. */
export function expandMatrix(
  source: PipelineSource,
  baseId: string,
  matrix: Readonly<Record<string, readonly MatrixValue[]>> | undefined,
): { members: StageMember[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let combos: Record<string, MatrixValue>[] = [{}];
  for (const [key, values] of Object.entries(matrix ?? {})) {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      const text = String(value);
      const path = ['stages', baseId, 'matrix', key, index];
      if (seen.has(text)) diagnostics.push(source.diagnostic(path, 'value', DiagnosticCode.MatrixInvalid, `matrix value "${text}" of "${key}" is repeated`, { stage: baseId }));
      else if (/[@,=\s]/.test(text) || text === '') {
        diagnostics.push(
          source.diagnostic(path, 'value', DiagnosticCode.MatrixInvalid, `matrix value "${text}" cannot be part of a member id`, {
            hint: 'matrix values become ids like `convert@precision=fp16`: no spaces, "@", "," or "="',
            stage: baseId,
          }),
        );
      }
      seen.add(text);
    });
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [key]: value })));
  }
  return { members: combos.map((m) => ({ id: memberId(baseId, m), baseId, matrix: m })), diagnostics };
}
