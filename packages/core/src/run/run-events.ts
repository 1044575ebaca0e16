import type { ProgressUpdate } from '@pipeline/sdk';
import type { Plan } from '../plan/types.js';
import type { RunRecord, StageRecord } from './run-record.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Hooks a run calls as it goes, all optional (Vitest's reporter style): the terminal UI, plain lines,
 * JUnit and the GitHub step summary are ordinary implementations. A hook that throws is ignored
 * (`runPlan` calls them through `combineRunEvents`).
 */
export interface RunEvents {
  onRunStart?(run: { runId: string; runDir: string; plan: Plan }): void;
  onStageStart?(stageId: string, info: { attempt: number }): void;
  /** One line of a stage's log (already masked): its own `log.*` calls and its subprocesses' output. */
  onStageLog?(stageId: string, line: string, level: LogLevel): void;
  onStageProgress?(stageId: string, update: ProgressUpdate): void;
  /** Also called for stages that never start (skipped, cancelled) so every stage ends exactly once. */
  onStageEnd?(stageId: string, record: StageRecord): void;
  onRunEnd?(record: RunRecord): void;
}

function guard(call: () => void): void {
  try {
    call();
  } catch {
    // A reporter's bug must not break the run it reports on; the run record still has everything.
  }
}

/** Calls the same hook on several consumers; a hook that throws is ignored. */
export function combineRunEvents(...consumers: (RunEvents | undefined)[]): RunEvents {
  const list = consumers.filter((c): c is RunEvents => c !== undefined);
  return {
    onRunStart: (run) => {
      for (const c of list) guard(() => c.onRunStart?.(run));
    },
    onStageStart: (id, info) => {
      for (const c of list) guard(() => c.onStageStart?.(id, info));
    },
    onStageLog: (id, line, level) => {
      for (const c of list) guard(() => c.onStageLog?.(id, line, level));
    },
    onStageProgress: (id, update) => {
      for (const c of list) guard(() => c.onStageProgress?.(id, update));
    },
    onStageEnd: (id, record) => {
      for (const c of list) guard(() => c.onStageEnd?.(id, record));
    },
    onRunEnd: (record) => {
      for (const c of list) guard(() => c.onRunEnd?.(record));
    },
  };
}
