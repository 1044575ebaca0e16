import type { RunEvents, RunRecord, StageRecord } from '@pipeline/core';
import { formatDuration } from './format.js';

interface Deferred {
  promise: Promise<StageRecord>;
  resolve(record: StageRecord): void;
}

function deferred(): Deferred {
  let resolve!: (record: StageRecord) => void;
  const promise = new Promise<StageRecord>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** What of a listr2 task the reporter touches. */
interface TaskHandle {
  title: string | undefined;
  output: string | undefined;
  skip(message?: string): void;
}

/**
 * The terminal UI: a listr2 task tree with one task per stage, its status and elapsed time, and the
 * latest log line or progress under it. The run drives it through `RunEvents`; listr2 only draws.
 * Call `done()` after the run so the last frame is drawn before anything else prints.
 */
export class ListrRunReporter implements RunEvents {
  private readonly ends = new Map<string, Deferred>();
  private readonly tasks = new Map<string, TaskHandle>();
  private rendering: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: { verbose: boolean }) {}

  onRunStart(run: { plan: { stages: { id: string }[] } }): void {
    for (const stage of run.plan.stages) this.ends.set(stage.id, deferred());
    this.rendering = import('listr2').then(({ Listr, PRESET_TIMER }) => {
      const list = new Listr(
        run.plan.stages.map((stage) => ({
          title: `${stage.id} waiting`,
          // The latest log line under each stage; with --verbose, the last ten, kept after the stage ends.
          rendererOptions: { outputBar: this.options.verbose ? 10 : 1, persistentOutput: this.options.verbose },
          task: async (_: unknown, task: TaskHandle) => {
            this.tasks.set(stage.id, task);
            const record = await this.ends.get(stage.id)!.promise;
            const time = record.durationMs === undefined || record.status === 'cached' ? '' : ` ${formatDuration(record.durationMs)}`;
            task.title = `${stage.id} ${record.status}${time}`;
            if (record.status === 'skipped' || record.status === 'cached') task.skip(`${stage.id} ${record.status}${record.reason ? `: ${record.reason}` : ''}`);
            else if (record.error) throw new Error(`${stage.id}: ${record.error.code} ${record.error.message.split('\n')[0]}`);
          },
        })),
        {
          concurrent: true,
          exitOnError: false,
          rendererOptions: { collapseErrors: false, collapseSkips: false, timer: PRESET_TIMER },
        },
      );
      return list.run().catch(() => undefined);
    });
  }

  onStageStart(stageId: string, info: { attempt: number }): void {
    const task = this.tasks.get(stageId);
    if (task) task.title = `${stageId} running${info.attempt > 1 ? ` (attempt ${info.attempt})` : ''}`;
  }

  onStageLog(stageId: string, line: string): void {
    const task = this.tasks.get(stageId);
    if (task) task.output = line;
  }

  onStageProgress(stageId: string, update: { current?: number; total?: number; message?: string }): void {
    const task = this.tasks.get(stageId);
    if (!task) return;
    const count = update.current !== undefined ? `${update.current}${update.total !== undefined ? `/${update.total}` : ''} ` : '';
    task.output = `${count}${update.message ?? ''}`;
  }

  onStageEnd(stageId: string, record: StageRecord): void {
    this.ends.get(stageId)?.resolve(record);
  }

  onRunEnd(_record: RunRecord): void {}

  /** Resolves once listr2 has drawn its final frame. */
  async done(): Promise<void> {
    await this.rendering;
  }
}
