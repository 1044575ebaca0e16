import { ExitCode, GateFailedError, isPipelineError, StageFailedError } from '@pipeline/errors';
import type { StageRecord } from './run-record.js';
import { StageTimeoutError } from './stage-attempt.js';
import { StageBugError } from './stage-result.js';

export interface ClassifiedError {
  status: 'failed' | 'errored' | 'cancelled';
  error: NonNullable<StageRecord['error']>;
  /** True for `StageFailedError` with `transient: true`: worth another attempt. */
  retryable: boolean;
  /** A stack to write to the stage log when the error is a bug, not a user's problem. */
  bugStack?: string;
}

/**
 * Maps what a stage threw to a status: a gate → failed (exit 1); a PipelineError → errored with its
 * code and hint; a timeout → errored E_STAGE_TIMEOUT; Ctrl-C → cancelled; anything else is a bug in
 * the stage → errored E_STAGE_CRASHED, with the stack kept for the log. An errored stage's `error.kind`
 * says whose problem it is: `input` (an error whose class exits 2 — UsageError, InvalidInputError: the
 * user's data or wiring), `bug` (the stage broke its own contract) or `infrastructure` (a tool, server
 * or timeout: the run could not decide). `exitCodeOf` reads it.
 */
export function classifyStageError(thrown: unknown, uses: string, opts: { timedOut: boolean; cancelled: boolean; mask: (t: string) => string }): ClassifiedError {
  const m = opts.mask;
  if (opts.cancelled) return { status: 'cancelled', error: { code: 'E_INTERRUPTED', message: 'interrupted' }, retryable: false };
  if (opts.timedOut || thrown instanceof StageTimeoutError) {
    const message = thrown instanceof Error ? thrown.message : 'timed out';
    return {
      status: 'errored',
      error: { code: 'E_STAGE_TIMEOUT', message: `${m(message)}; its processes were killed`, hint: 'raise `timeout:` on the stage if it needs longer', kind: 'infrastructure' },
      retryable: false,
    };
  }
  if (isPipelineError(thrown)) {
    const error: ClassifiedError['error'] = { code: thrown.code, message: m(thrown.message) };
    if (thrown.hint) error.hint = m(thrown.hint);
    if (thrown instanceof GateFailedError) return { status: 'failed', error, retryable: false };
    error.kind = thrown instanceof StageBugError ? 'bug' : thrown.exitCode === ExitCode.InvalidUsage ? 'input' : 'infrastructure';
    return { status: 'errored', error, retryable: thrown instanceof StageFailedError && thrown.transient };
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const stack = thrown instanceof Error ? (thrown.stack ?? message) : String(thrown);
  return {
    status: 'errored',
    error: {
      code: 'E_STAGE_CRASHED',
      message: m(`stage ${uses} crashed: ${message}`),
      hint: `this is a bug in the stage ${uses}; please report it with the stack trace from the stage log`,
      kind: 'bug',
    },
    retryable: false,
    bugStack: m(stack),
  };
}
