/**
 * The CLI's exit codes are a contract with CI: "the model is not good enough" (1) must be told apart
 * from "the run could not decide" (3) and from "the pipeline file is wrong" (2).
 */
export const ExitCode = {
  Success: 0,
  GateFailed: 1,
  InvalidUsage: 2,
  StageErrored: 3,
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
