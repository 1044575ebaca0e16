/** The CLI's window on the world, injected so tests run commands in-process against a temporary tree. */
export interface CliIO {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** `columns` is the terminal's width when stdout is one (charts fit it). */
  stdout: { write(text: string): void; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): void; isTTY?: boolean };
  /** Aborted on SIGINT/SIGTERM by `bin.ts`; commands pass it down. */
  signal: AbortSignal;
}

/**
 * How `pipeline --help` lists a verb without loading it: its name, one line, and how to load the
 * module. Listed in `commands/index.ts`, so `--help`, `--version` and an unknown verb import no command.
 */
export interface CommandEntry {
  name: string;
  /** One line for `pipeline --help`. */
  summary: string;
  load(): Promise<Command>;
}

/** A CLI verb. Each lives in its own file under `commands/` and has an entry in `commands/index.ts`. */
export interface Command {
  name: string;
  /** Usage text shown by `pipeline <verb> --help` and on a usage error. */
  usage: string;
  /** `node:util` parseArgs option config. */
  options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }>;
  /** Returns the exit code. Throws PipelineError for user mistakes; anything else is a bug. */
  run(args: { positionals: string[]; values: Record<string, unknown> }, io: CliIO): Promise<number>;
}
