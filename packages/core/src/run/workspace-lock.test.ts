import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, UsageError } from '@pipeline/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireWorkspaceLock, processIsAlive } from './workspace-lock.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lock-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('acquireWorkspaceLock', () => {
  it('lets one run hold the workspace; a second gets E_WORKSPACE_LOCKED (exit 2) until release', async () => {
    const lock = await acquireWorkspaceLock(dir);
    expect(JSON.parse(await readFile(lock.path, 'utf8')).pid).toBe(process.pid);
    const second = await acquireWorkspaceLock(dir).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(UsageError);
    expect([(second as UsageError).code, (second as UsageError).exitCode]).toEqual(['E_WORKSPACE_LOCKED', ExitCode.InvalidUsage]);
    expect((second as UsageError).message).toContain(`pid ${process.pid}`);
    await lock.release();
    await (await acquireWorkspaceLock(dir)).release();
  });

  it('takes over a lock left by a process that has died', async () => {
    const dead = spawnSync('true').pid;
    await writeFile(join(dir, 'lock'), JSON.stringify({ pid: dead, host: hostname(), startedAt: 'then' }));
    const lock = await acquireWorkspaceLock(dir);
    expect(JSON.parse(await readFile(lock.path, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });
});

describe('a killed run that is still a zombie', () => {
  it('holds no lock: a live process does, its zombie does not', async () => {
    // Unreaped until the event loop runs again: a spawned child killed with -9 is a zombie meanwhile.
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const pid = child.pid as number;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processIsAlive(pid)).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(pid, 'SIGKILL');
    // Block the event loop (nothing reaps the child) until the kernel has made it a zombie.
    execFileSync('sleep', ['0.3']);
    expect(processIsAlive(pid)).toBe(false);
    await exited;
  });
});
