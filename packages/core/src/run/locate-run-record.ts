import { stat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '@pipeline/errors';
import { workspaceLayout } from './workspace-layout.js';

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/**
 * The run.json a user named: a path to a run.json, a run folder, or a run id in the workspace's
 * `runs/`; without a name (or `latest`), the workspace's most recent run (run ids start with their
 * start time, so the last in name order).
 */
export async function locateRunRecord(workspace: string, cwd: string, name?: string): Promise<string> {
  const runs = workspaceLayout(workspace).runs;
  if (name === undefined || name === 'latest') {
    const ids = (await readdir(runs).catch(() => [] as string[])).filter((id) => id !== 'latest.json').sort();
    for (const id of ids.reverse()) if (await isFile(join(runs, id, 'run.json'))) return join(runs, id, 'run.json');
    throw new UsageError('E_RUN_NOT_FOUND', `no run recorded in ${runs}`, { hint: 'run a pipeline first, or pass --workspace <its .pipeline folder>' });
  }
  for (const candidate of [resolve(cwd, name), join(resolve(cwd, name), 'run.json'), join(runs, name, 'run.json')]) {
    if (await isFile(candidate)) return candidate;
  }
  throw new UsageError('E_RUN_NOT_FOUND', `${name}: no such run.json, run folder, or run id in ${runs}`, { hint: 'pass a run id from .pipeline/runs/, a run folder or a run.json path (and --workspace for another .pipeline folder)' });
}
