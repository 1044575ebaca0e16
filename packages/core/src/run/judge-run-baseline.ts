import type { BaselineRecord, RunRecord, StageRecord } from '@pipeline/reports/run-record';
import type { PlanBaseline } from '../plan/types.js';

/**
 * The run-record step of `baseline:`: each threshold's metric compared with the baseline run's, by
 * `judgeBaseline` in @pipeline/reports (driven only by stage ids and metric names). `failed` when a
 * threshold is breached beyond the measured noise, or its figure is missing from this run.
 */
export async function judgeRunBaseline(baseline: PlanBaseline, current: { runId: string; stages: StageRecord[] }): Promise<{ record: BaselineRecord; failed: boolean }> {
  // Loaded only by a pipeline with a baseline (it already loaded the module to read the file at check time).
  const { baselineCheckFails, judgeBaseline } = await import('@pipeline/reports');
  // compareRuns reads only the stages of the run in progress; the rest of its record is not written yet.
  const partial = { ...baseline.record, runId: current.runId, stages: current.stages } satisfies RunRecord;
  const record = judgeBaseline(baseline.run, baseline.record, partial, baseline.thresholds);
  return { record, failed: record.checks.some(baselineCheckFails) };
}
