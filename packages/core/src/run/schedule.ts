import type { Artifact } from '@pipeline/sdk';
import type { PlannedStage, RunScope, StageOutcome } from '../plan/types.js';
import type { RunContext } from './run-context.js';
import type { StageRecord } from './run-record.js';
import { notRunRecord, runStage } from './run-stage.js';

export type ContinueOn = 'never' | 'dependencies-successful' | 'always';

export interface ScheduleOptions {
  concurrency: number;
  continueOn: ContinueOn;
}

function erroredRecord(stage: PlannedStage, code: string, message: string): StageRecord {
  const { reason: _reason, ...record } = notRunRecord(stage, 'skipped', '');
  return { ...record, status: 'errored', error: { code, message } };
}

const OK = new Set(['succeeded', 'cached']);
const BROKEN = new Set(['failed', 'errored', 'cancelled']);

/**
 * Runs the plan's stages as a DAG: a stage starts once everything it `needs` has finished, at most
 * `concurrency` at a time; a stage with `resources.exclusive` starts only when nothing runs and
 * nothing starts beside it. Failures propagate per `continueOn`; Ctrl-C cancels what runs and what waits.
 * Returns one record per stage, in plan order.
 */
export async function scheduleStages(run: RunContext, options: ScheduleOptions): Promise<StageRecord[]> {
  const stages = run.plan.stages;
  const records = new Map<string, StageRecord>();
  const outcomes: Record<string, StageOutcome> = {};
  // Stages skipped because something upstream broke: their dependants are blocked in turn.
  const blockedBy = new Map<string, string>();
  const pending = [...stages];
  const running = new Map<string, { promise: Promise<void>; exclusive: boolean }>();
  let firstBroken: string | undefined;

  const end = (stage: PlannedStage, record: StageRecord, outputs: Record<string, Artifact>) => {
    records.set(stage.id, record);
    outcomes[stage.id] = { status: record.status, outputs };
    if (BROKEN.has(record.status)) firstBroken ??= stage.id;
    run.events.onStageEnd?.(stage.id, record);
  };

  const scopeFor = (stage: PlannedStage): RunScope => ({
    params: run.plan.params,
    env: run.plan.env,
    matrix: stage.matrix,
    tools: run.tools,
    stages: outcomes,
  });

  while (pending.length > 0 || running.size > 0) {
    for (let i = 0; i < pending.length && !run.runSignal.aborted; ) {
      const stage = pending[i]!;
      if (!stage.needs.every((id) => records.has(id))) {
        i++;
        continue;
      }
      const broken = stage.needs.find((id) => BROKEN.has(records.get(id)!.status) || blockedBy.has(id));
      const stopEverything = options.continueOn === 'never' && firstBroken !== undefined;
      if (stopEverything || (broken !== undefined && options.continueOn !== 'always')) {
        pending.splice(i, 1);
        const cause = broken ? (blockedBy.get(broken) ?? broken) : firstBroken!;
        blockedBy.set(stage.id, cause);
        end(stage, notRunRecord(stage, 'skipped', `not run: stage ${cause} did not succeed (--continue=${options.continueOn})`), {});
        continue;
      }
      const exclusive = stage.stage.resources?.exclusive === true;
      const exclusiveRunning = [...running.values()].some((r) => r.exclusive);
      if (running.size >= options.concurrency || exclusiveRunning || (exclusive && running.size > 0)) break;
      pending.splice(i, 1);
      const upstreamSkipped = stage.needs.some((id) => !OK.has(records.get(id)!.status));
      const promise = runStage(run, stage, scopeFor(stage), upstreamSkipped).then(
        ({ record, outputs }) => {
          running.delete(stage.id);
          end(stage, record, outputs);
        },
        (error: unknown) => {
          // runStage reports a stage's own failures as a status; reaching here is a bug in the runner.
          running.delete(stage.id);
          const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
          end(stage, erroredRecord(stage, 'E_RUNNER_BUG', run.mask(message)), {});
        },
      );
      running.set(stage.id, { promise, exclusive });
      if (exclusive) break;
    }
    if (run.runSignal.aborted) {
      for (const stage of pending.splice(0)) end(stage, notRunRecord(stage, 'cancelled', 'run interrupted before this stage started'), {});
    }
    if (running.size === 0) {
      if (pending.length === 0) break;
      // Every pending stage waits for one that is neither pending nor running: the plan is not a DAG.
      for (const stage of pending.splice(0)) end(stage, erroredRecord(stage, 'E_PLAN_CYCLE', `stage ${stage.id} waits for stages that never run`), {});
      break;
    }
    await Promise.race([...running.values()].map((r) => r.promise));
  }
  return stages.map((s) => records.get(s.id)!);
}
