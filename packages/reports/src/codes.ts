/**
 * The stable codes of the run.json renderings (the runner's codes, used when a record lacks its own). Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const ReportsCode = {
  /** A failed stage without an error: a gate failed (JUnit `<failure type>`). */
  GateFailed: 'E_GATE_FAILED',
  /** A cancelled stage without an error (JUnit `<error type>`). */
  Interrupted: 'E_INTERRUPTED',
  /** A `baseline:` threshold breached beyond the measured noise, or its figure missing from the run (exit 1). */
  BaselineRegression: 'E_BASELINE_REGRESSION',
  /** A run.json that cannot be read (no such file, or unreadable). */
  RunNotFound: 'E_RUN_NOT_FOUND',
  /** A file that is not JSON, not an object, or not valid against its schemaVersion's schema. */
  RunRecordInvalid: 'E_RUN_RECORD_INVALID',
  /** A run.json without a schemaVersion, or one newer or older than this reader handles. */
  RunRecordVersion: 'E_RUN_RECORD_VERSION',
} as const;

export type ReportsCode = (typeof ReportsCode)[keyof typeof ReportsCode];
