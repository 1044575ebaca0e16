import { describe, expect, it } from 'vitest';
import { createExec, ExecFailedError } from './exec-process.js';
import { createMasker } from './secret-mask.js';

function execWithLog(env: Record<string, string> = { PATH: process.env.PATH ?? '' }, secrets: string[] = []) {
  const lines: string[] = [];
  const exec = createExec({ env, signal: new AbortController().signal, mask: createMasker(secrets), onLine: (line, stream) => lines.push(`${stream}:${line}`) });
  return { exec, lines };
}

describe('createExec', () => {
  it('streams stdout and stderr lines to the log and returns them', async () => {
    const { exec, lines } = execWithLog();
    const result = await exec('sh', ['-c', 'echo one; echo two >&2; printf three']);
    expect(lines).toEqual(expect.arrayContaining(['stdout:one', 'stderr:two', 'stdout:three']));
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([0, 'one\nthree', 'two']);
  });

  it('gives the child only the environment it is handed', async () => {
    const { exec } = execWithLog({ PATH: process.env.PATH ?? '', ONLY: 'this' });
    const result = await exec('sh', ['-c', 'env'], { env: { EXTRA: '1' } });
    const names = result.stdout.split('\n').map((l) => l.split('=')[0]);
    expect(names).toEqual(expect.arrayContaining(['PATH', 'ONLY', 'EXTRA']));
    expect(names).not.toContain('HOME');
  });

  it('masks secrets in log lines and error messages', async () => {
    const { exec, lines } = execWithLog(undefined, ['hunter2-token']);
    const error = await exec('sh', ['-c', 'echo token=hunter2-token; echo bad hunter2-token >&2; exit 4']).catch((e: unknown) => e);
    expect(lines.join('\n')).not.toContain('hunter2-token');
    expect(lines).toContain('stdout:token=***');
    expect(error).toBeInstanceOf(ExecFailedError);
    expect((error as ExecFailedError).result.exitCode).toBe(4);
    expect((error as ExecFailedError).message).toContain('bad ***');
    expect((error as ExecFailedError).message).not.toContain('hunter2-token');
  });

  it('reports a missing command as E_EXEC_NOT_FOUND', async () => {
    const { exec } = execWithLog();
    await expect(exec('no-such-command-xyz', [])).rejects.toMatchObject({ code: 'E_EXEC_NOT_FOUND' });
  });

  it('kills the process group when its own timeout passes', async () => {
    const { exec } = execWithLog();
    await expect(exec('sh', ['-c', 'sleep 20 & sleep 20'], { timeoutMs: 200 })).rejects.toMatchObject({ code: 'E_EXEC_TIMEOUT', result: { timedOut: true } });
  });
});
