import type { ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { leadsOwnProcessGroup } from './exec-process-group.js';

// node:child_process (with net, dgram and their helpers) loads on first use: a run that starts no
// process, such as a fully cached re-run, does not pay for it (~4 ms with readline, PERFORMANCE.md).

/**
 * Stage subprocesses lead their own process groups (so a timeout kills a whole tree), which also puts
 * them out of reach when the CLI itself dies: kill -9 runs no exit hook, and the groups were reparented
 * to init and lived on. Two defences, both keyed by the groups a run starts:
 *
 * - a guardian process, started with the run's first subprocess, reads "+pgid" / "-pgid" lines on its
 *   stdin; when that pipe closes — the run ended, or the CLI died however it died — it sends SIGTERM to
 *   every group still listed, then SIGKILL after the grace period, and exits;
 * - the same lines, with each leader's start time, are appended to `tmp/<run>/process-groups`, so the
 *   next run on the workspace (once it holds the lock, every folder left in `tmp/` is a dead run's)
 *   kills what a guardian could not (it was killed too) and removes the folder.
 */
export interface ProcessGroupRegistry {
  started(pgid: number): void;
  ended(pgid: number): void;
  /** Closes the guardian's pipe: it kills what is still listed (nothing after a clean run) and exits. */
  close(): void;
}

/** The guardian, as a script for `node -e`: the CLI is a bundle, so a file beside this module is not at hand. */
const GUARDIAN_SOURCE = `
const groups = new Set();
const grace = Number(process.argv[1]);
let pending = '';
for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM']) process.on(signal, () => {});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  for (let at = pending.indexOf('\\n'); at !== -1; at = pending.indexOf('\\n')) {
    const line = pending.slice(0, at);
    pending = pending.slice(at + 1);
    const pgid = Number(line.slice(1));
    if (line[0] === '+') groups.add(pgid); else groups.delete(pgid);
  }
});
const signalAll = (signal) => { for (const pgid of groups) { try { process.kill(-pgid, signal); } catch {} } };
process.stdin.on('end', () => {
  if (groups.size === 0) process.exit(0);
  signalAll('SIGTERM');
  setTimeout(() => { signalAll('SIGKILL'); process.exit(0); }, grace);
});
`;

/** The start time of a process (clock ticks since boot, /proc/<pid>/stat field 22): tells a pid from its reuse. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The registry of one run's process groups: a guardian started lazily, and the record file. */
export function createProcessGroupRegistry(recordFile: string, graceMs: number): ProcessGroupRegistry {
  if (!leadsOwnProcessGroup) return { started() {}, ended() {}, close() {} };
  let guardian: ChildProcess | undefined;
  const tell = (line: string) => {
    if (!guardian) {
      guardian = (createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process')).spawn(process.execPath, ['-e', GUARDIAN_SOURCE, String(graceMs), 'pipeline-process-guardian'], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
      guardian.on('error', () => undefined);
      guardian.stdin?.on('error', () => undefined);
      // Neither the guardian nor its pipe may keep the CLI alive.
      guardian.unref();
      (guardian.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    }
    guardian.stdin?.write(`${line}\n`);
  };
  return {
    started(pgid) {
      mkdirSync(join(recordFile, '..'), { recursive: true });
      appendFileSync(recordFile, `+${pgid} ${processStartTime(pgid) ?? '?'}\n`);
      tell(`+${pgid}`);
    },
    ended(pgid) {
      appendFileSync(recordFile, `-${pgid}\n`);
      tell(`-${pgid}`);
    },
    close() {
      guardian?.stdin?.end();
    },
  };
}

/**
 * Kills the process groups dead runs left (each still led by the process that was recorded, judged by
 * its start time, so a reused pid is never signalled) and removes their folders under `tmp/`. Call only
 * while holding the workspace lock: then no live run owns anything there.
 */
export async function reapDeadRuns(tmpDir: string): Promise<{ groupsKilled: number; foldersRemoved: number }> {
  let names: string[];
  try {
    names = readdirSync(tmpDir);
  } catch {
    return { groupsKilled: 0, foldersRemoved: 0 };
  }
  let groupsKilled = 0;
  for (const name of names) {
    const live = new Map<number, string>();
    try {
      for (const line of readFileSync(join(tmpDir, name, 'process-groups'), 'utf8').split('\n')) {
        const [head, start] = line.split(' ');
        const pgid = Number(head?.slice(1));
        if (head?.startsWith('+') && start) live.set(pgid, start);
        else if (head?.startsWith('-')) live.delete(pgid);
      }
    } catch {
      // No subprocess was started in that run.
    }
    for (const [pgid, start] of live) {
      if (start === '?' || processStartTime(pgid) !== start) continue;
      try {
        process.kill(-pgid, 'SIGKILL');
        groupsKilled++;
      } catch {
        // Gone already.
      }
    }
    await rm(join(tmpDir, name), { recursive: true, force: true });
  }
  return { groupsKilled, foldersRemoved: names.length };
}
