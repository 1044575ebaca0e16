import { StageFailedError } from '@pipeline/errors';
import type { Exec, ExecOptions, ExecResult } from '@pipeline/sdk';
import { guardProcessGroup, leadsOwnProcessGroup } from './exec-process-group.js';
import type { ProcessGroupRegistry } from './process-guardian.js';

type Mask = (text: string) => string;
type StreamName = 'stdout' | 'stderr';

/** How many lines of each stream `ExecFailedError.longMessage` quotes. */
const TAIL_LINES = 10;

/**
 * A subprocess exited non-zero, was killed by a signal or timed out. `message` is one line (the command
 * and how it ended); `longMessage` adds the last lines of stderr and stdout; `result` has every field of
 * an `ExecResult` (not spread onto the error: `exitCode` there is the CLI's); `cause` is execa's error.
 */
export class ExecFailedError extends StageFailedError {
  override name = 'ExecFailedError';
  readonly result: ExecResult;
  readonly longMessage: string;
  constructor(result: ExecResult, options: { mask?: Mask; timeoutMs?: number; cause?: unknown } = {}) {
    const mask = options.mask ?? ((text: string) => text);
    const how = result.timedOut
      ? `timed out after ${options.timeoutMs ?? Math.round(result.durationMs)} ms and was killed`
      : result.signal
        ? `was killed by ${result.signal}`
        : `exited with code ${result.exitCode}`;
    const message = `${result.command} ${how}`;
    super(result.timedOut ? 'E_EXEC_TIMEOUT' : 'E_EXEC_FAILED', message, { hint: 'see the stage log for the full output', cause: options.cause });
    this.result = result;
    const tails = (['stderr', 'stdout'] as const).flatMap((name) => {
      const tail = result[name].split('\n').slice(-TAIL_LINES).join('\n');
      return tail ? [`${name}:\n${mask(tail)}`] : [];
    });
    this.longMessage = [message, ...tails].join('\n\n');
  }
}

export interface ExecDependencies {
  /** The environment a child sees: the pipeline's `env:` (not the whole of `process.env`) plus PATH/HOME. */
  env: Record<string, string>;
  /** The stage's signal: aborting it kills every process the stage started. */
  signal: AbortSignal;
  /** Hides secret values in anything printed. */
  mask: Mask;
  /** Every output line, as it arrives (already masked), for the stage log. */
  onLine: (line: string, stream: StreamName) => void;
  /** Between SIGTERM and SIGKILL. Default 2000 ms. */
  killGraceMs?: number;
  /** How much of stdout/stderr a result keeps (its last characters). Default 4 MiB each. */
  maxBuffer?: number;
  /** Told of every process group started and ended, so none outlives the CLI however it dies (see process-guardian.ts). */
  groups?: Pick<ProcessGroupRegistry, 'started' | 'ended'>;
}

let loading: Promise<[typeof import('execa'), typeof import('signal-exit')]> | undefined;
/** Loaded on the first exec, so that `pipeline --help` and fully cached runs never pay for execa. */
function loadExeca() {
  loading ??= Promise.all([import('execa'), import('signal-exit')]);
  return loading;
}

/**
 * Builds the `exec` of a stage context on execa: argv only (no shell), the child leading its own process
 * group so that a timeout or Ctrl-C kills the whole tree (grandchildren included), each line streamed
 * to the log as it is printed, secrets masked in everything printed.
 */
export function createExec(deps: ExecDependencies): Exec {
  const graceMs = deps.killGraceMs ?? 2000;
  const maxBuffer = deps.maxBuffer ?? 4 * 1024 * 1024;
  return async (file: string, args: readonly string[], options: ExecOptions = {}) => {
    deps.signal.throwIfAborted();
    const [{ execa }, { onExit }] = await loadExeca();
    deps.signal.throwIfAborted();
    const output = { stdout: new OutputTail(maxBuffer), stderr: new OutputTail(maxBuffer) };
    // execa splits lines (any newline, multi-byte characters across chunks) and hands each one over as it
    // arrives, so the two streams interleave as printed. We keep the tails: execa's `maxBuffer` would fail
    // a chatty tool instead.
    const onLine = (name: StreamName) =>
      // biome-ignore lint/correctness/useYield: a sink — yielding would fill a stream nobody reads (buffer: false)
      function* (chunk: unknown) {
        const line = String(chunk); // a string: no `binary` or `objectMode` asked for
        output[name].push(line);
        deps.onLine(deps.mask(line), name);
        options.onLine?.(line, name);
      };
    const subprocess = execa(file, args, {
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env: { ...deps.env, ...options.env },
      extendEnv: false,
      input: options.input ?? '',
      stdout: onLine('stdout'),
      stderr: onLine('stderr'),
      buffer: false,
      reject: false,
      detached: leadsOwnProcessGroup,
    });
    const group = guardProcessGroup(subprocess, { graceMs, drainMs: 1000, onExit, ...(deps.groups ? { registry: deps.groups } : {}) });
    let timedOut = false;
    const onAbort = () => group.terminate();
    deps.signal.addEventListener('abort', onAbort, { once: true });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            group.terminate();
          }, options.timeoutMs);
    const outcome = await subprocess.finally(() => {
      clearTimeout(timer);
      deps.signal.removeEventListener('abort', onAbort);
      group.release();
    });

    const command = deps.mask(printableCommand(file, args));
    const cause = outcome.failed ? maskError(outcome, deps.mask) : undefined;
    if (outcome.failed && outcome.exitCode === undefined && outcome.signal === undefined && !deps.signal.aborted && !timedOut) {
      // Never ran (or its pipes broke): there is no exit to report.
      if (outcome.code === 'ENOENT') {
        throw new StageFailedError('E_EXEC_NOT_FOUND', `command not found: ${file}`, { hint: `install ${file} or give its full path`, cause });
      }
      throw new StageFailedError('E_EXEC_SPAWN', `cannot run ${command}: ${outcome.originalMessage ?? outcome.shortMessage}`, { cause });
    }
    if (deps.signal.aborted) throw deps.signal.reason ?? new Error('aborted');
    const result: ExecResult = {
      command,
      file,
      args: [...args],
      exitCode: outcome.exitCode ?? null,
      signal: outcome.signal ?? null,
      stdout: output.stdout.toString(),
      stderr: output.stderr.toString(),
      durationMs: outcome.durationMs,
      timedOut,
    };
    if (timedOut || (outcome.failed && options.reject !== false)) {
      throw new ExecFailedError(result, { mask: deps.mask, cause, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) });
    }
    return result;
  };
}

/** The last `limit` characters of a stream (a chatty tool must not fill memory), lines joined by `\n`. */
class OutputTail {
  private text = '';
  constructor(private readonly limit: number) {}
  push(line: string): void {
    this.text += `${line}\n`;
    if (this.text.length > this.limit * 2) this.text = this.text.slice(-this.limit - 1);
  }
  toString(): string {
    return this.text.slice(-this.limit - 1, -1);
  }
}

/** `argv` as one printable line, quoting what a shell would split. */
function printableCommand(file: string, args: readonly string[]): string {
  return [file, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(' ');
}

/**
 * execa's error (kept as `cause`) quotes the command line, and Node's spawn error its arguments: mask
 * every string they carry, so that printing the cause chain cannot show a secret.
 */
function maskError<T extends object>(error: T, mask: Mask, depth = 0): T {
  const fields = error as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(error)) {
    const value = fields[key];
    if (typeof value === 'string') fields[key] = mask(value);
    else if (Array.isArray(value)) fields[key] = value.map((item: unknown) => (typeof item === 'string' ? mask(item) : item));
    else if (key === 'cause' && value instanceof Error && depth < 2) maskError(value, mask, depth + 1);
  }
  return error;
}
