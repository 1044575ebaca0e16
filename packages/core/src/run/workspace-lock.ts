import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@pipeline/errors';

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

export interface WorkspaceLock {
  readonly path: string;
  release(): Promise<void>;
}

/**
 * True when a process with this pid exists (EPERM: it exists but belongs to someone else) and is not a
 * zombie: a run killed with -9 stays a zombie until its parent (a CI runner, a test) reaps it, and its
 * lock is as stale as a vanished one's.
 */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    // No /proc (macOS): the signal said it exists.
    return true;
  }
}

/**
 * Takes `<workspace>/lock` exclusively: one run per workspace. A lock left by a dead process on this
 * host is stale and taken over; a live owner makes this throw `UsageError` E_WORKSPACE_LOCKED (exit 2:
 * nothing ran, and running again once the other run ends is the fix). Its few small file operations are
 * synchronous: every run, a no-op included, pays for them, and awaits cost more than they do.
 */
export async function acquireWorkspaceLock(workspace: string, isAlive = processIsAlive): Promise<WorkspaceLock> {
  const path = join(workspace, 'lock');
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written whole to a temp file, then hard-linked into place: link() is as exclusive as O_EXCL
    // and a competitor never reads a half-written owner.
    const temp = `${path}.${process.pid}.tmp`;
    writeOwner(workspace, temp, owner);
    try {
      linkSync(temp, path);
      return { path, release: async () => rmSync(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(temp, { force: true });
    }
    const existing = readLockOwner(path);
    // An unreadable lock or a dead owner on this host is stale.
    const stale = existing === undefined || (existing.host === owner.host && !isAlive(existing.pid));
    if (!stale) {
      throw new UsageError('E_WORKSPACE_LOCKED', `another pipeline run (pid ${existing.pid}, started ${existing.startedAt}) is using ${workspace}`, {
        hint: `wait for it to finish, or delete ${path} if that process is gone`,
      });
    }
    rmSync(path, { force: true });
  }
  throw new UsageError('E_WORKSPACE_LOCKED', `could not take the workspace lock ${path}`, { hint: 'another run keeps taking it; try again' });
}

/** Why a folder cannot take files, by errno: the user's setup (a read-only checkout, another owner), not a bug. */
const UNWRITABLE: Record<string, string> = { EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'the file system is read-only', ENOTDIR: 'a part of its path is a file', EEXIST: 'a file is in its place' };

/** The first write of a run: makes the workspace and writes the lock's owner; a folder it cannot write is E_WORKSPACE_UNWRITABLE (exit 2). */
function writeOwner(workspace: string, temp: string, owner: LockOwner): void {
  try {
    mkdirSync(workspace, { recursive: true });
    writeFileSync(temp, JSON.stringify(owner));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = UNWRITABLE[code];
    if (reason === undefined) throw error;
    throw new UsageError('E_WORKSPACE_UNWRITABLE', `cannot write the workspace ${workspace}: ${reason} (${code})`, {
      hint: 'a run keeps its records and cache in .pipeline/ beside the pipeline file: run it from a folder you can write (a copy of the pipeline folder), or fix the folder’s permissions',
      cause: error,
    });
  }
}

function readLockOwner(path: string): LockOwner | undefined {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof data.pid === 'number' && typeof data.host === 'string') return { pid: data.pid, host: data.host, startedAt: String(data.startedAt) };
  } catch {
    // Unreadable or empty.
  }
  return undefined;
}
