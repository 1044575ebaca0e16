/**
 * The stable codes of the load generator. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const LoadgenCode = {
  /** The load generator worker failed or exited. */
  LoadgenFailed: 'E_LOADGEN_FAILED',
  /** A measurement gave no result within its bound; the worker was stopped. */
  LoadgenStuck: 'E_LOADGEN_STUCK',
  /** A concurrency or request-rate range that is not start:end:step or start:end:xF. */
  LoadRange: 'E_LOAD_RANGE',
  /** The achieved request rate fell below the asked one by more than the tolerance. */
  RateNotSustained: 'W_RATE_NOT_SUSTAINED',
  /** The last three windows did not agree within the stability tolerance. */
  Unstable: 'W_UNSTABLE',
  /** Some requests failed (counted by kind). */
  RequestErrors: 'W_REQUEST_ERRORS',
} as const;

export type LoadgenCode = (typeof LoadgenCode)[keyof typeof LoadgenCode];
