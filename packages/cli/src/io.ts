/** The CLI's window on the world, injected so tests run commands in-process against a temporary tree. */
export interface CliIO {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): void; isTTY?: boolean };
  stderr: { write(text: string): void; isTTY?: boolean };
  /** Aborted on SIGINT/SIGTERM by `bin.ts`; commands pass it down. */
  signal: AbortSignal;
}

/** A CLI verb. Each lives in its own file under `commands/` and is listed in `commands/index.ts`. */
export interface Command {
  name: string;
  /** One line for `pipeline --help`. */
  summary: string;
  /** Usage text shown by `pipeline <verb> --help` and on a usage error. */
  usage: string;
  /** `node:util` parseArgs option config. */
  options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }>;
  /** Returns the exit code. Throws PipelineError for user mistakes; anything else is a bug. */
  run(args: { positionals: string[]; values: Record<string, unknown> }, io: CliIO): Promise<number>;
}
