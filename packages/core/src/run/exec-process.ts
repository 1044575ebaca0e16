import { spawn } from 'node:child_process';
import { StageFailedError } from '@pipeline/errors';
import type { Exec, ExecOptions, ExecResult } from '@pipeline/sdk';
import { lineSplitter, printableCommand, signalProcessGroup, TailBuffer } from './process-tree.js';

/** A subprocess exited non-zero (or by a signal). Carries the same fields as `ExecResult`. */
export class ExecFailedError extends StageFailedError {
  override name = 'ExecFailedError';
  readonly result: ExecResult;
  constructor(result: ExecResult, message: string, code = 'E_EXEC_FAILED') {
    super(code, message, { hint: 'see the stage log for the full output' });
    this.result = result;
  }
}

export interface ExecDependencies {
  /** The environment a child sees: the pipeline's `env:` (not the whole of `process.env`) plus PATH/HOME. */
  env: Record<string, string>;
  /** The stage's signal: aborting it kills every process the stage started. */
  signal: AbortSignal;
  /** Hides secret values in anything printed. */
  mask: (text: string) => string;
  /** Every output line, as it arrives (already masked), for the stage log. */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Between SIGTERM and SIGKILL. Default 2000 ms. */
  killGraceMs?: number;
  /** How much of stdout/stderr a result keeps. Default 4 MiB each. */
  maxBuffer?: number;
}

/**
 * Builds the `exec` of a stage context: argv only (no shell), the child in its own process group so
 * a timeout or Ctrl-C kills the whole tree (grandchildren included), lines streamed to the log.
 */
export function createExec(deps: ExecDependencies): Exec {
  const grace = deps.killGraceMs ?? 2000;
  const maxBuffer = deps.maxBuffer ?? 4 * 1024 * 1024;
  return (file: string, args: readonly string[], options: ExecOptions = {}) =>
    new Promise<ExecResult>((resolvePromise, rejectPromise) => {
      const started = performance.now();
      const command = deps.mask(printableCommand(file, args));
      const stdout = new TailBuffer(maxBuffer);
      const stderr = new TailBuffer(maxBuffer);
      let timedOut = false;
      let settled = false;
      deps.signal.throwIfAborted();
      const child = spawn(file, [...args], {
        cwd: options.cwd,
        env: { ...deps.env, ...options.env },
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let killTimer: NodeJS.Timeout | undefined;
      const killTree = () => {
        if (child.pid === undefined) return;
        signalProcessGroup(child.pid, 'SIGTERM');
        const pid = child.pid;
        killTimer ??= setTimeout(() => signalProcessGroup(pid, 'SIGKILL'), grace);
      };
      const onAbort = () => killTree();
      deps.signal.addEventListener('abort', onAbort, { once: true });
      const timeout =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              killTree();
            }, options.timeoutMs);
      for (const [stream, buffer, name] of [
        [child.stdout, stdout, 'stdout'],
        [child.stderr, stderr, 'stderr'],
      ] as const) {
        stream.setEncoding('utf8');
        const lines = lineSplitter((line) => {
          deps.onLine(deps.mask(line), name);
          options.onLine?.(line, name);
        });
        stream.on('data', (chunk: string) => {
          buffer.append(chunk);
          lines.push(chunk);
        });
        stream.on('end', () => lines.flush());
      }
      child.stdin.on('error', () => {}); // a child that exits without reading its input is fine
      child.stdin.end(options.input ?? '');

      const finish = (exitCode: number | null, signal: string | null, spawnError?: Error) => {
        if (settled) return;
        settled = true;
        deps.signal.removeEventListener('abort', onAbort);
        clearTimeout(timeout);
        clearTimeout(killTimer);
        const result: ExecResult = {
          command,
          file,
          args: [...args],
          exitCode,
          signal,
          stdout: stdout.toString().replace(/\n$/, ''),
          stderr: stderr.toString().replace(/\n$/, ''),
          durationMs: performance.now() - started,
          timedOut,
        };
        if (spawnError) {
          const missing = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
          rejectPromise(
            new StageFailedError(missing ? 'E_EXEC_NOT_FOUND' : 'E_EXEC_SPAWN', missing ? `command not found: ${file}` : `cannot start ${command}: ${spawnError.message}`, {
              ...(missing ? { hint: `install ${file} or give its full path` } : {}),
              cause: spawnError,
            }),
          );
        } else if (deps.signal.aborted) {
          rejectPromise(deps.signal.reason ?? new Error('aborted'));
        } else if (timedOut) {
          rejectPromise(new ExecFailedError(result, `${command} timed out after ${options.timeoutMs} ms and was killed`, 'E_EXEC_TIMEOUT'));
        } else if ((exitCode !== 0 || signal !== null) && options.reject !== false) {
          const tail = deps.mask(result.stderr.split('\n').slice(-5).join('\n'));
          const how = signal ? `was killed by ${signal}` : `exited with code ${exitCode}`;
          rejectPromise(new ExecFailedError(result, `${command} ${how}${tail ? `:\n${tail}` : ''}`));
        } else {
          resolvePromise(result);
        }
      };
      child.on('error', (error) => finish(null, null, error));
      child.on('exit', (code, signal) => {
        // Orphans left by the command (a daemon, a backgrounded helper) would hold the pipes open and
        // outlive the stage: the group goes with its leader.
        if (child.pid !== undefined) signalProcessGroup(child.pid, 'SIGKILL');
        // Wait for the pipes to drain, but not for ever if a process escaped the group with setsid.
        const drain = setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          finish(code, signal);
        }, 1000);
        child.on('close', () => {
          clearTimeout(drain);
          finish(code, signal);
        });
      });
    });
}
