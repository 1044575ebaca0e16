import { execa } from 'execa';
import type { TrtexecExec } from '../drive/run.js';

/** A `TrtexecExec` over execa, for callers without a stage context (the stage passes `ctx.exec`). */
export const execaTrtexec: TrtexecExec = async (file, args, options) => {
  const child = execa(file, args, {
    reject: false,
    lines: false,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  });
  const onLine = options.onLine;
  if (onLine) {
    // Stream line by line as the stage's exec does, so the log parser sees the run as it happens.
    const pump = async (stream: 'stdout' | 'stderr') => {
      for await (const line of child.iterable({ from: stream })) onLine(String(line), stream);
    };
    await Promise.all([pump('stdout'), pump('stderr')]);
  }
  const result = await child;
  return { exitCode: result.exitCode ?? null, signal: result.signal ?? null, timedOut: result.timedOut, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
};
