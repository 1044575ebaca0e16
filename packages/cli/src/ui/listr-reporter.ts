import type { RunEvents, RunRecord, StageRecord } from '@pipeline/core';
import { formatDuration } from '@pipeline/reports';

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
  private readonly early = new Map<string, { title?: string; output?: string }>();
  private rendering: Promise<unknown> = Promise.resolve();

  /** Sets a task's title or output, or keeps it until listr2 has created the task. */
  private update(stageId: string, change: { title?: string; output?: string }): void {
    const task = this.tasks.get(stageId);
    if (!task) {
      this.early.set(stageId, { ...this.early.get(stageId), ...change });
      return;
    }
    if (change.title !== undefined) task.title = change.title;
    if (change.output !== undefined) task.output = change.output;
  }

  constructor(private readonly options: { verbose: boolean }) {}

  onRunStart(run: { plan: { stages: { id: string }[] } }): void {
    for (const stage of run.plan.stages) this.ends.set(stage.id, deferred());
    this.rendering = import('listr2').then(({ Listr }) => {
      const list = new Listr(
        run.plan.stages.map((stage) => ({
          title: `${stage.id} waiting`,
          // The latest log line under each stage; with --verbose, the last ten, kept after the stage ends.
          rendererOptions: { outputBar: this.options.verbose ? 10 : 1, persistentOutput: this.options.verbose },
          task: async (_: unknown, task: TaskHandle) => {
            this.tasks.set(stage.id, task);
            // Events that arrived while listr2 was loading.
            const early = this.early.get(stage.id);
            if (early?.title) task.title = early.title;
            if (early?.output) task.output = early.output;
            const record = await this.ends.get(stage.id)!.promise;
            const time = record.durationMs === undefined || record.status === 'cached' ? '' : ` ${formatDuration(record.durationMs)}`;
            task.title = `${stage.id} ${record.status}${time}`;
            if (record.status === 'skipped' || record.status === 'cancelled') task.skip(`${stage.id} ${record.status}${record.reason ? `: ${record.reason}` : ''}`);
            else if (record.error) throw new Error(`${stage.id}: ${record.error.code} ${record.error.message.split('\n')[0]}`);
          },
        })),
        {
          concurrent: true,
          exitOnError: false,
          rendererOptions: { collapseErrors: false, collapseSkips: true },
        },
      );
      return list.run().catch(() => undefined);
    });
  }

  onStageStart(stageId: string, info: { attempt: number }): void {
    this.update(stageId, { title: `${stageId} running${info.attempt > 1 ? ` (attempt ${info.attempt})` : ''}` });
  }

  onStageLog(stageId: string, line: string): void {
    this.update(stageId, { output: line });
  }

  onStageProgress(stageId: string, update: { current?: number; total?: number; message?: string }): void {
    const count = update.current !== undefined ? `${update.current}${update.total !== undefined ? `/${update.total}` : ''} ` : '';
    this.update(stageId, { output: `${count}${update.message ?? ''}` });
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
