import { UsageError } from '@pipeline/errors';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { CliIO, Command } from '../io.js';
import { workspaceOf } from '../load-pipeline.js';

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

const TARGETS = 'give a pipeline file, the folder it is in, or its .pipeline/ folder (default: ./.pipeline)';

/** A pipeline file has a top-level `stages:` key; a broken one (that `pipeline check` would reject) still does. */
async function isPipelineFile(file: string): Promise<boolean> {
  // A pipeline file is a few KiB; a model or an archive given by mistake is not read whole.
  if (statSync(file).size > 1024 * 1024) return false;
  const text = await readFile(file, 'utf8');
  const { PipelineSource } = await import('@pipeline/core');
  const source = new PipelineSource(file, text);
  if (!source.hasProblems()) {
    const top = source.toJS() as unknown;
    return typeof top === 'object' && top !== null && !Array.isArray(top) && 'stages' in top;
  }
  return /^stages\s*:/m.test(text);
}

/**
 * The workspace a `cache` command works on: a pipeline file's `.pipeline/`, a folder's, or `./.pipeline`.
 * A target that does not exist, or a file that is not a pipeline, is a usage error: naming the wrong
 * thing must not list (or prune) some other folder's `.pipeline/`.
 */
async function workspaceFor(target: string | undefined, cwd: string, verb: string): Promise<string> {
  if (!target) return join(cwd, '.pipeline');
  const path = resolve(cwd, target);
  if (!existsSync(path)) throw new UsageError('E_USAGE', `pipeline cache ${verb} ${target}: no such file or folder`, { hint: TARGETS });
  if (statSync(path).isDirectory()) return basename(path) === '.pipeline' ? path : join(path, '.pipeline');
  if (!(await isPipelineFile(path))) throw new UsageError('E_USAGE', `pipeline cache ${verb} ${target}: not a pipeline file (no top-level stages:)`, { hint: TARGETS });
  return workspaceOf(target, cwd);
}

export const cacheCommand: Command = {
  name: 'cache',
  usage: `pipeline cache ls [<file or folder>] [--json]
pipeline cache prune [<file or folder>] [--keep-last N | --all]

The workspace is the .pipeline/ folder beside the pipeline file, in the folder given, or the
.pipeline/ folder given (default: ./.pipeline). A target that does not exist, or a file that is not a
pipeline, is a usage error (exit 2).
prune keeps the last N runs (default 1), the cache entries they used and the stored outputs those
entries name; --all empties the cache, the store, the run records and the hash memo.`,
  options: { 'keep-last': { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
  async run({ positionals, values }, io: CliIO): Promise<number> {
    const [sub, target, ...extra] = positionals;
    if ((sub !== 'ls' && sub !== 'prune') || extra.length > 0) throw new UsageError('E_USAGE', sub ? `unknown cache command "${sub}"` : 'expected ls or prune', { hint: 'usage: pipeline cache ls|prune [<file>]' });
    const workspace = await workspaceFor(target, io.cwd, sub);
    const { listCache, pruneWorkspace } = await import('@pipeline/core');
    if (sub === 'ls') {
      const listing = await listCache(workspace);
      if (values.json === true) {
        io.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
        return 0;
      }
      for (const e of listing.entries) io.stdout.write(`${e.key.slice(7, 19)}  ${e.stageId.padEnd(24)} ${bytes(e.bytes).padStart(10)}  ${e.createdAt}  run ${e.runId}\n`);
      io.stdout.write(`${listing.entries.length} cache entries, store ${bytes(listing.storeBytes)}, ${listing.runs.length} runs in ${workspace}\n`);
      return 0;
    }
    if (values.all === true && values['keep-last'] !== undefined) throw new UsageError('E_USAGE', 'give --keep-last N or --all, not both');
    const keepLast = values['keep-last'] === undefined ? 1 : Number(values['keep-last']);
    if (!Number.isInteger(keepLast) || keepLast < 0) throw new UsageError('E_USAGE', `--keep-last ${String(values['keep-last'])}: expected a whole number ≥ 0`);
    // Pruning takes the workspace lock, which would create the folder: a workspace never run has nothing to prune.
    if (!existsSync(workspace)) {
      io.stdout.write(`nothing to prune: ${workspace} does not exist (no run there yet)\n`);
      return 0;
    }
    const result = await pruneWorkspace(workspace, { keepLast, all: values.all === true });
    io.stdout.write(`removed ${result.removedEntries} cache entries, ${result.removedObjects} stored objects, ${result.removedRuns} runs from ${workspace}\n`);
    return 0;
  },
};
