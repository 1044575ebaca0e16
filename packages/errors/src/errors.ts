import type { Diagnostic, SourceLocation } from './diagnostic.js';
import { ExitCode } from './exit-codes.js';

export interface PipelineErrorOptions {
  loc?: SourceLocation;
  stage?: string;
  hint?: string;
  cause?: unknown;
}

/**
 * Base of every error a user can cause. It carries a stable `code` and the exit code the CLI uses;
 * the CLI prints `message` (and `hint`) without a stack. Anything that is not a PipelineError is a bug.
 */
export class PipelineError extends Error {
  override name = 'PipelineError';
  readonly code: string;
  readonly loc: SourceLocation | undefined;
  readonly stage: string | undefined;
  readonly hint: string | undefined;
  /** The exit code the CLI ends with when this error ends a command. */
  readonly exitCode: ExitCode = ExitCode.StageErrored;

  constructor(code: string, message: string, options: PipelineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.loc = options.loc;
    this.stage = options.stage;
    this.hint = options.hint;
  }

  toDiagnostic(): Diagnostic {
    const d: Diagnostic = { code: this.code, severity: 'error', message: this.message };
    if (this.loc) d.loc = this.loc;
    if (this.hint) d.hint = this.hint;
    if (this.stage) d.stage = this.stage;
    return d;
  }
}

/** The pipeline file, a flag or an input file is wrong: nothing ran, or nothing can. Exit 2. */
export class UsageError extends PipelineError {
  override name = 'UsageError';
  override readonly exitCode: ExitCode = ExitCode.InvalidUsage;
}

/**
 * A file the user gave (model, data, log) is unreadable or malformed. Exit 2, from a command and from a
 * run whose errored stages all failed this way (the run records it as `error.kind: 'input'`).
 */
export class InvalidInputError extends PipelineError {
  override name = 'InvalidInputError';
  override readonly exitCode: ExitCode = ExitCode.InvalidUsage;
}

/** Several located problems found in one phase, reported together. Exit 2. */
export class DiagnosticsError extends UsageError {
  override name = 'DiagnosticsError';
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[], message = `${diagnostics.length} problem(s) found`) {
    super('E_DIAGNOSTICS', message);
    this.diagnostics = diagnostics;
  }
}

/** A gate (accuracy, latency, SLO) was not met: the model is not good enough. Exit 1. */
export class GateFailedError extends PipelineError {
  override name = 'GateFailedError';
  override readonly exitCode: ExitCode = ExitCode.GateFailed;
}

/** A tool crashed, a server was unreachable, a stage broke: the run could not decide. Exit 3. */
export class StageFailedError extends PipelineError {
  override name = 'StageFailedError';
  /** Transient failures (a flaky network, a busy GPU) may be retried; others may not. */
  readonly transient: boolean;
  constructor(code: string, message: string, options: PipelineErrorOptions & { transient?: boolean } = {}) {
    super(code, message, options);
    this.transient = options.transient ?? false;
  }
}

/** A required external tool (trtexec, docker, tritonserver) is not installed. Exit 3. */
export class ToolMissingError extends StageFailedError {
  override name = 'ToolMissingError';
}

/** The user pressed Ctrl-C or a signal arrived. Exit 130. */
export class InterruptedError extends PipelineError {
  override name = 'InterruptedError';
  override readonly exitCode: ExitCode = ExitCode.Interrupted;
  constructor(message = 'interrupted') {
    super('E_INTERRUPTED', message);
  }
}

export function isPipelineError(error: unknown): error is PipelineError {
  return error instanceof PipelineError;
}
