/**
 * The stable codes of the `deploy/triton` stage. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const DeployStageCode = {
  /** Parameters that cannot work together (no server, repository mode without repository_path, no entry). */
  DeployParams: 'E_DEPLOY_PARAMS',
  /** A served input's datatype no data source makes (e.g. BYTES). */
  ServerDatatype: 'E_SERVER_DATATYPE',
  /** The smoke inference differed from the reference model (a failed gate, rolled back). */
  SmokeFailed: 'E_DEPLOY_SMOKE_FAILED',
  /** The load test missed an SLO gate (a failed gate, rolled back). */
  LoadTestFailed: 'E_DEPLOY_LOAD_TEST_FAILED',
  /** The server failed more load-test requests than max_error_rate allows (refused, reset, timeout, 5xx…): exit 3, rolled back. */
  ServerFaults: 'E_DEPLOY_SERVER_FAULTS',
} as const;

export type DeployStageCode = (typeof DeployStageCode)[keyof typeof DeployStageCode];
