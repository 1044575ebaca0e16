/**
 * The stable codes the runner records when a stage does not succeed (run.json's `error.code`), next
 * to the check-time `DiagnosticCode`s of config/codes.ts. Tools and tests match on these; never rename
 * one, only add. `test/code-catalogues.test.ts` fails when the package throws a code not listed here.
 */
export const RunCode = {
  /** A service (ctx.startService) exited, failed its health check or timed out before it was ready (exit 3). */
  ServiceStart: 'E_SERVICE_START',
  /** A stage recorded a gate that failed (exit 1). */
  GateFailed: 'E_GATE_FAILED',
  /** The run was interrupted (Ctrl-C, SIGTERM): exit 130. */
  Interrupted: 'E_INTERRUPTED',
  /** A stage ran past its `timeout:`; its processes were killed. */
  StageTimeout: 'E_STAGE_TIMEOUT',
  /** A stage threw something that is not a PipelineError: a bug in the stage. */
  StageCrashed: 'E_STAGE_CRASHED',
  /** A stage's `run` returned something that is not `{ outputs }`. */
  StageResult: 'E_STAGE_RESULT',
  /** A stage returned an output it does not declare. */
  OutputUnknown: 'E_OUTPUT_UNKNOWN',
  /** A stage did not return a declared output. */
  OutputMissing: 'E_OUTPUT_MISSING',
  /** An output path is outside the stage's outDir. */
  OutputOutside: 'E_OUTPUT_OUTSIDE',
  /** An output is, or holds, a symlink that resolves outside the stage's output folder. */
  OutputSymlink: 'E_OUTPUT_SYMLINK',
  /** An output is of another kind than the plan promised. */
  OutputKind: 'E_OUTPUT_KIND',
  /** An output is a file where its kind wants a folder, or the other way round. */
  OutputLayout: 'E_OUTPUT_LAYOUT',
  /** An output's metadata fails its kind's schema. */
  OutputMeta: 'E_OUTPUT_META',
  /** A literal input changed between its hashing at plan time and a stage that read it (before or while it ran): exit 3. */
  InputChanged: 'E_INPUT_CHANGED',
  /** A command exited non-zero (`exec`). */
  ExecFailed: 'E_EXEC_FAILED',
  /** A command ran past its timeout and was killed (`exec`). */
  ExecTimeout: 'E_EXEC_TIMEOUT',
  /** A command is not installed or not on PATH. */
  ExecNotFound: 'E_EXEC_NOT_FOUND',
  /** A command could not be started. */
  ExecSpawn: 'E_EXEC_SPAWN',
  /** Another run holds the workspace lock. */
  WorkspaceLocked: 'E_WORKSPACE_LOCKED',
  /** The workspace (.pipeline/ beside the pipeline file) cannot be made or written: a read-only checkout, another owner (exit 2). */
  WorkspaceUnwritable: 'E_WORKSPACE_UNWRITABLE',
  /** Stages wait for stages that never run: a bug in planning. */
  PlanCycle: 'E_PLAN_CYCLE',
  /** The scheduler itself failed: a bug in the runner. */
  RunnerBug: 'E_RUNNER_BUG',
  /** `pipeline report`/`compare` named a run that the workspace has not recorded. */
  RunNotFound: 'E_RUN_NOT_FOUND',
} as const;

export type RunCode = (typeof RunCode)[keyof typeof RunCode];
