import type { RunEvents, RunRecord, StageRecord } from '@pipeline/core';
import { runSummaryLine, stageLine } from '@pipeline/reports';

/**
 * Plain timestamped lines, for logs and CI (not a TTY, or CI=true): one line when a stage starts and
 * one when it ends; with `verbose`, every line of every stage's log as it arrives.
 */
export class PlainRunReporter implements RunEvents {
  constructor(
    private readonly out: { write(text: string): void },
    private readonly options: { verbose: boolean; clock?: () => number },
  ) {}

  private line(text: string): void {
    const stamp = new Date((this.options.clock ?? Date.now)()).toISOString().slice(11, 23);
    this.out.write(`${stamp} ${text}\n`);
  }

  onRunStart(run: { runId: string; plan: { name: string; stages: unknown[] } }): void {
    this.line(`run ${run.runId}: ${run.plan.name}, ${run.plan.stages.length} stage(s)`);
  }

  onStageStart(stageId: string, info: { attempt: number }): void {
    this.line(`▶ ${stageId}${info.attempt > 1 ? ` (attempt ${info.attempt})` : ''}`);
  }

  onStageLog(stageId: string, line: string, level?: string): void {
    // Warnings (a store object rebuilt, a retry) are said even without --verbose.
    if (this.options.verbose || level === 'warn') this.line(`  [${stageId}] ${line}`);
  }

  onStageProgress(stageId: string, update: { current?: number; total?: number; message?: string }): void {
    if (!this.options.verbose) return;
    const count = update.current !== undefined ? `${update.current}${update.total !== undefined ? `/${update.total}` : ''} ` : '';
    this.line(`  [${stageId}] ${count}${update.message ?? ''}`);
  }

  onStageEnd(_stageId: string, record: StageRecord): void {
    this.line(stageLine(record));
  }

  onRunEnd(record: RunRecord): void {
    this.line(runSummaryLine(record));
  }
}
