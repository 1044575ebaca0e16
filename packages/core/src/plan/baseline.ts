import path from 'node:path';
import type { Diagnostic } from '@pipeline/errors';
import type { BaselineThreshold } from '@pipeline/reports';
import { DiagnosticCode } from '../config/codes.js';
import type { PipelineFile } from '../config/file-schema.js';
import type { PipelineSource } from '../config/source.js';
import type { PlanBaseline } from './types.js';

const LIMITS = ['max_increase_pct', 'max_drop_pct', 'max_increase', 'max_drop'] as const;

/**
 * The `baseline:` section checked at check time: its run.json read (a missing, unreadable, invalid or
 * newer-version file is located at the `baseline:` key), and each threshold naming a stage of this
 * pipeline and a metric the baseline run recorded for it, with at least one limit. Problems go to
 * `diagnostics`; the result is undefined when there is no baseline or it cannot be used.
 */
export async function loadBaseline(
  source: PipelineSource,
  pipeline: PipelineFile,
  baseDir: string,
  stageIds: ReadonlySet<string>,
  diagnostics: Diagnostic[],
): Promise<PlanBaseline | undefined> {
  const spec = pipeline.baseline;
  if (!spec) return undefined;
  const file = path.resolve(baseDir, spec.run);
  // Loaded only for a pipeline with a baseline: the reader and its schema are not on every check's path.
  const { readRunRecordFile } = await import('@pipeline/reports');
  let record: Awaited<ReturnType<typeof readRunRecordFile>>;
  try {
    record = await readRunRecordFile(file);
  } catch (error) {
    diagnostics.push(
      source.diagnostic(['baseline'], 'key', DiagnosticCode.BaselineFile, `baseline run ${spec.run}: ${(error as Error).message.replace(`${file}: `, '')}`, {
        hint: 'baseline.run is a run.json (relative to the pipeline file), e.g. one copied from .pipeline/runs/<run-id>/run.json',
      }),
    );
    return undefined;
  }
  const before = diagnostics.length;
  spec.thresholds.forEach((t, index) => {
    const at = ['baseline', 'thresholds', index];
    if (!LIMITS.some((name) => t[name] !== undefined)) {
      diagnostics.push(source.diagnostic(at, 'value', DiagnosticCode.BaselineThreshold, `the threshold on ${t.stage} ${t.metric} sets no limit`, { hint: `set one of ${LIMITS.join(', ')}` }));
    }
    if (!stageIds.has(t.stage)) {
      diagnostics.push(source.diagnostic([...at, 'stage'], 'value', DiagnosticCode.BaselineThreshold, `no stage "${t.stage}" in this pipeline`, { hint: `stages: ${[...stageIds].join(', ')}` }));
      return;
    }
    const stage = record.stages.find((s) => s.id === t.stage);
    if (!stage?.metrics.some((m) => m.name === t.metric)) {
      const known = stage?.metrics.map((m) => m.name) ?? [];
      const why = stage ? `records no metric "${t.metric}" for stage ${t.stage}` : `has no stage ${t.stage}`;
      diagnostics.push(
        source.diagnostic([...at, stage ? 'metric' : 'stage'], 'value', DiagnosticCode.BaselineThreshold, `baseline run ${spec.run} ${why}`, {
          ...(known.length > 0 ? { hint: `its metrics: ${known.join(', ')}` } : {}),
        }),
      );
    }
  });
  if (diagnostics.length > before) return undefined;
  const thresholds: BaselineThreshold[] = spec.thresholds.map((t) => ({ ...t }));
  return { run: spec.run, file, record, thresholds };
}
