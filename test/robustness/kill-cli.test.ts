import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, cli, folderWith } from './cli.js';
import { isRunning, pidsWithArgument, procStat, waitFor } from './processes.js';

// Finding 7 of issue 16: kill -9 of the CLI orphaned exec children (their own process groups were
// reparented to init and lived on), and the dead run's tmp/<run> folder was left behind.
// The stage starts a child that starts a grandchild; both write their pids, then wait forever.
const TREE = `const fs = require('node:fs'); const { spawn } = require('node:child_process');
const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
fs.writeFileSync(process.argv[1] + '.tmp', process.pid + ' ' + g.pid); fs.renameSync(process.argv[1] + '.tmp', process.argv[1]);
setInterval(() => {}, 1000);`;
const pipeline = (pidFile: string) => `stages:
  hang:
    uses: exec
    with:
      command: [node, -e, ${JSON.stringify(TREE)}, ${JSON.stringify(pidFile)}]
      stdout: out.txt
`;
const quick = 'stages:\n  ok:\n    uses: exec\n    with:\n      command: [node, -e, "1"]\n      stdout: out.txt\n';

/** Starts `pipeline run` and resolves with it and the stage's two pids once the tree is up. */
async function runUntilTreeUp(dir: string, pidFile: string) {
  const child = spawn(process.execPath, [bin, 'run', 'p.yaml'], { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
  const up = await waitFor(() => existsSync(pidFile), 20_000);
  expect(up).toBe(true);
  const pids = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
  expect(pids.every(isRunning)).toBe(true);
  return { child, pids };
}

describe('kill -9 of the CLI while an exec child runs', () => {
  it('leaves no process of the stage running after a couple of seconds', async () => {
    const dir = folderWith({});
    const pidFile = path.join(dir, 'pids');
    writeFileSync(path.join(dir, 'p.yaml'), pipeline(pidFile));
    const { child, pids } = await runUntilTreeUp(dir, pidFile);
    child.kill('SIGKILL');
    expect(await waitFor(() => !pids.some(isRunning), 5000)).toBe(true);
  }, 40_000);

  it('the next run kills what a dead run left when its guardian died too, and removes its tmp folder', async () => {
    const dir = folderWith({});
    const pidFile = path.join(dir, 'pids');
    writeFileSync(path.join(dir, 'p.yaml'), pipeline(pidFile));
    const { child, pids } = await runUntilTreeUp(dir, pidFile);
    // The guardian is spawned as the stage's child starts: on a loaded machine the stage's tree can be up
    // before the guardian's process has exec'd node (its /proc cmdline is still the CLI's), so wait for it.
    const guardiansOf = () => pidsWithArgument('pipeline-process-guardian').filter((pid) => procStat(pid)?.ppid === child.pid);
    expect(await waitFor(() => guardiansOf().length > 0, 10_000)).toBe(true);
    const guardians = guardiansOf();
    expect(guardians).toHaveLength(1);
    process.kill(guardians[0]!, 'SIGKILL');
    child.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Nothing else is left to kill them: they still run, and the dead run's folder is there.
    expect(pids.every(isRunning)).toBe(true);
    expect(readdirSync(path.join(dir, '.pipeline/tmp'))).toHaveLength(1);
    writeFileSync(path.join(dir, 'p.yaml'), quick);
    const next = cli(['run', 'p.yaml'], dir);
    expect(next.code, next.stderr).toBe(0);
    expect(await waitFor(() => !pids.some(isRunning), 5000)).toBe(true);
    expect(existsSync(path.join(dir, '.pipeline/tmp')) ? readdirSync(path.join(dir, '.pipeline/tmp')) : []).toEqual([]);
  }, 60_000);
});
