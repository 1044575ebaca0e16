/**
 * The stable codes of the Triton deploy library. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const TritonDeployCode = {
  /** A deploy step failed with an error that carried no code of its own. */
  DeployFailed: 'E_DEPLOY_FAILED',
  /** The new version was not ready within the timeout (exit 3, rolled back). */
  DeployNotReady: 'E_DEPLOY_NOT_READY',
  /** The packaged repository holds no model folder with a config.pbtxt. */
  DeployEmptyPackage: 'E_DEPLOY_EMPTY_PACKAGE',
} as const;

export type TritonDeployCode = (typeof TritonDeployCode)[keyof typeof TritonDeployCode];
