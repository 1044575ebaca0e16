import { StageFailedError } from '@pipeline/errors';
import { z } from 'zod';

/** sysexits.h EX_TEMPFAIL: "a temporary failure; the user is invited to retry". */
export const EX_TEMPFAIL = 75;

/**
 * Which failures of the command are transient, so the stage's `retries:` re-run them. Without it,
 * exit code 75 (EX_TEMPFAIL) is transient and nothing else; listing `exit_codes` replaces that default.
 * Any other failure is final: retrying a deterministic error only wastes the time it takes.
 */
export const retryOnParam = z
  .object({
    exit_codes: z.array(z.int().min(1).max(255)).optional().describe('Exit codes that mean "try again" (default [75], EX_TEMPFAIL).'),
    signals: z
      .array(z.string().regex(/^SIG[A-Z0-9]+$/, 'a signal name such as SIGTERM'))
      .optional()
      .describe('Signals that killed the command and mean "try again" (e.g. SIGKILL from an OOM killer). Default none.'),
  })
  .strict()
  .describe('Failures `retries:` re-runs: exit codes (default [75], EX_TEMPFAIL) and signals. Others are never retried.');

export type RetryOn = z.infer<typeof retryOnParam>;

/** The fields `ExecFailedError` carries (the SDK promises the `ExecResult` shape, not the class). */
interface FailedExec {
  result: { exitCode: number | null; signal: string | null; timedOut: boolean };
}

function failedExec(error: unknown): error is StageFailedError & FailedExec {
  const result = (error as Partial<FailedExec> | null)?.result;
  return error instanceof StageFailedError && typeof result === 'object' && result !== null && 'exitCode' in result;
}

/** True when the command's failure is one `retry_on` lists (a timeout never is: the stage's `timeout:` decides). */
export function isTransientExit(result: FailedExec['result'], retryOn: RetryOn | undefined): boolean {
  if (result.timedOut) return false;
  if (result.signal !== null) return (retryOn?.signals ?? []).includes(result.signal);
  return result.exitCode !== null && (retryOn?.exit_codes ?? [EX_TEMPFAIL]).includes(result.exitCode);
}

/** Re-throws a failed command as transient when `retry_on` says so; anything else as it was. */
export function markTransient(error: unknown, retryOn: RetryOn | undefined): unknown {
  if (!failedExec(error) || error.transient || !isTransientExit(error.result, retryOn)) return error;
  const how = error.result.signal ?? `exit code ${error.result.exitCode}`;
  return new StageFailedError(error.code, error.message, { hint: `${how} is a transient failure (retry_on): \`retries:\` on the stage re-runs it`, cause: error, transient: true });
}
