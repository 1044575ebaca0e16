import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import type { ExecOptions } from '@pipeline/sdk';
import { describe, expect, it, vi } from 'vitest';
import { createExec, type ExecDependencies, ExecFailedError } from './exec-process.js';
import { createMasker } from './secret-mask.js';

const PATH = process.env.PATH ?? '';

function execWithLog(overrides: Partial<ExecDependencies> & { secrets?: string[] } = {}) {
  const lines: string[] = [];
  const { secrets = [], ...deps } = overrides;
  const exec = createExec({
    env: { PATH },
    signal: new AbortController().signal,
    mask: createMasker(secrets),
    onLine: (line, stream) => lines.push(`${stream}:${line}`),
    ...deps,
  });
  return { exec, lines };
}

/** Dies shortly after its pipes close: a process closes its files before it turns into a zombie. */
async function expectToDie(pid: number): Promise<void> {
  await vi.waitFor(() => expect(isAlive(pid)).toBe(false), { timeout: 2000, interval: 20 });
}

/** Alive = listed in /proc and not a zombie (a killed orphan may wait there for a reaper that never comes). */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Runs a shell script whose first line is the pid of a background `sleep` (the stage's grandchild). */
function startTree(exec: ReturnType<typeof createExec>, script: string, options: ExecOptions = {}) {
  let resolvePid: (pid: number) => void = () => {};
  const grandchild = new Promise<number>((resolve) => {
    resolvePid = resolve;
  });
  const settled = exec('sh', ['-c', `${script} sleep 30 & echo $!; wait`], {
    ...options,
    onLine: (line, stream) => {
      if (stream === 'stdout' && /^\d+$/.test(line)) resolvePid(Number(line));
    },
  }).catch((error: unknown) => error);
  return { grandchild, settled };
}

describe('createExec', () => {
  it('streams stdout and stderr lines to the log, interleaved as printed, and returns them', async () => {
    const { exec, lines } = execWithLog();
    const raw: string[] = [];
    const script = 'echo one; sleep 0.05; echo two >&2; sleep 0.05; echo three; sleep 0.05; printf "fo\\303" >&2; sleep 0.05; printf "\\251ur\\r\\n" >&2; printf five';
    const result = await exec('sh', ['-c', script], { onLine: (line, stream) => raw.push(`${stream}:${line}`) });
    expect(lines).toEqual(['stdout:one', 'stderr:two', 'stdout:three', 'stderr:foéur', 'stdout:five']);
    expect(raw).toEqual(lines);
    expect([result.exitCode, result.signal, result.timedOut, result.stdout, result.stderr]).toEqual([0, null, false, 'one\nthree\nfive', 'two\nfoéur']);
  });

  it('gives the child only the environment it is handed, and its input', async () => {
    const { exec } = execWithLog({ env: { PATH, ONLY: 'this' } });
    const result = await exec('sh', ['-c', 'env'], { env: { EXTRA: '1' } });
    const names = result.stdout.split('\n').map((l) => l.split('=')[0]);
    expect(names).toEqual(expect.arrayContaining(['PATH', 'ONLY', 'EXTRA']));
    expect(names).not.toContain('HOME');
    expect((await exec('cat', [], { input: 'in\nput' })).stdout).toBe('in\nput');
    expect((await exec('cat', [])).stdout).toBe(''); // no input: end of file at once, not a hang
  });

  it('throws ExecFailedError for a non-zero exit: a short message, the tails in longMessage, execa’s error as cause', async () => {
    const { exec } = execWithLog();
    const error = await exec('sh', ['-c', 'echo out; echo err >&2; exit 4']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecFailedError);
    const failed = error as ExecFailedError;
    expect(failed).toMatchObject({ code: 'E_EXEC_FAILED', result: { exitCode: 4, signal: null, timedOut: false, stdout: 'out', stderr: 'err' } });
    expect(failed.message).toBe(`sh -c 'echo out; echo err >&2; exit 4' exited with code 4`);
    expect(failed.longMessage).toBe(`${failed.message}\n\nstderr:\nerr\n\nstdout:\nout`);
    expect(failed.cause).toMatchObject({ name: 'ExecaError', exitCode: 4 });
  });

  it('reports death by a signal', async () => {
    const { exec } = execWithLog();
    await expect(exec('sh', ['-c', 'kill -KILL $$'])).rejects.toMatchObject({
      code: 'E_EXEC_FAILED',
      message: `sh -c 'kill -KILL $$' was killed by SIGKILL`,
      result: { exitCode: null, signal: 'SIGKILL' },
    });
  });

  it('resolves with the result of a failed command when reject is false', async () => {
    const { exec } = execWithLog();
    const result = await exec('sh', ['-c', 'echo partial; exit 3'], { reject: false });
    expect([result.exitCode, result.signal, result.stdout]).toEqual([3, null, 'partial']);
  });

  it('keeps the tail of an output larger than maxBuffer instead of failing', async () => {
    const { exec, lines } = execWithLog({ maxBuffer: 8 });
    const result = await exec('sh', ['-c', 'for i in 1 2 3 4 5 6 7 8 9; do echo line$i; done']);
    expect(result.stdout).toBe('e8\nline9');
    expect(lines).toHaveLength(9); // the log still gets every line
  });

  it('masks secrets in log lines, messages and the cause chain, but not in what the stage reads', async () => {
    const { exec, lines } = execWithLog({ secrets: ['hunter2-token'] });
    const raw: string[] = [];
    const error = await exec('sh', ['-c', 'echo token=hunter2-token; echo bad hunter2-token >&2; exit 4', 'hunter2-token'], { onLine: (line) => raw.push(line) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecFailedError);
    const failed = error as ExecFailedError;
    expect(lines).toEqual(['stdout:token=***', 'stderr:bad ***']);
    expect(raw).toEqual(['token=hunter2-token', 'bad hunter2-token']);
    expect(failed.result.stdout).toBe('token=hunter2-token');
    expect(failed.longMessage).toContain('bad ***');
    // `result` keeps what the command printed and its argv for the stage; everything else is masked.
    expect([failed.message, failed.longMessage, failed.result.command, inspect(failed.cause, { depth: 10 })].join('\n')).not.toContain('hunter2-token');
    const missing = await exec('no-such-command-xyz', ['hunter2-token']).catch((e: unknown) => e);
    expect(inspect(missing, { depth: 10 })).not.toContain('hunter2-token');
  });

  it('reports a missing command as E_EXEC_NOT_FOUND', async () => {
    const { exec } = execWithLog();
    await expect(exec('no-such-command-xyz', [])).rejects.toMatchObject({ code: 'E_EXEC_NOT_FOUND', cause: { code: 'ENOENT' } });
  });

  it('kills the whole process tree when its own timeout passes', async () => {
    const { exec } = execWithLog();
    const { grandchild, settled } = startTree(exec, '', { timeoutMs: 300 });
    const pid = await grandchild;
    expect(isAlive(pid)).toBe(true);
    const error = await settled;
    expect(error).toMatchObject({ code: 'E_EXEC_TIMEOUT', message: expect.stringContaining('timed out after 300 ms'), result: { timedOut: true, signal: 'SIGTERM' } });
    await expectToDie(pid);
  });

  it('sends SIGKILL to a tree that ignores SIGTERM once the grace period is over', async () => {
    const { exec } = execWithLog({ killGraceMs: 300 });
    const started = performance.now();
    const { grandchild, settled } = startTree(exec, 'trap "" TERM;', { timeoutMs: 200 });
    const pid = await grandchild;
    expect(await settled).toMatchObject({ code: 'E_EXEC_TIMEOUT', result: { signal: 'SIGKILL' } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
    await expectToDie(pid);
  });

  it('kills the whole process tree when the stage is cancelled, and rejects with the reason', async () => {
    const controller = new AbortController();
    const { exec } = execWithLog({ signal: controller.signal });
    const { grandchild, settled } = startTree(exec, '');
    const pid = await grandchild;
    const reason = new Error('cancelled by the test');
    controller.abort(reason);
    expect(await settled).toBe(reason);
    await expectToDie(pid);
    await expect(exec('true', [])).rejects.toBe(reason); // nothing starts once cancelled
  });

  it('kills what the command left running in the background when it exits', async () => {
    const { exec } = execWithLog();
    const started = performance.now();
    const result = await exec('sh', ['-c', 'sleep 30 & echo $!']);
    expect(performance.now() - started).toBeLessThan(5000);
    await expectToDie(Number(result.stdout));
  });
});
