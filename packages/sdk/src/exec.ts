/** Options of `ctx.exec`. The runner enforces the timeout and the stage's cancellation signal. */
export interface ExecOptions {
  cwd?: string;
  /** Added to the pipeline's environment (never the whole of `process.env` unless the runner allows). */
  env?: Record<string, string>;
  /** Kills the whole process tree after this many milliseconds. */
  timeoutMs?: number;
  /** Text written to the child's standard input. */
  input?: string;
  /** Called for every line as it arrives (stdout and stderr interleaved as printed), e.g. a streaming log parser. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** When false, a non-zero exit resolves with the result instead of throwing `ExecFailedError`. Default true. */
  reject?: boolean;
}

/** The outcome of a subprocess; `ExecFailedError` carries the same fields. */
export interface ExecResult {
  /** The command as one printable line (secrets masked). */
  command: string;
  file: string;
  args: string[];
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

export type Exec = (file: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;
