import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { digestHex } from './canonical-json.js';
import { CacheIndex, type CacheEntry } from './cache-index.js';
import { ContentStore } from './content-store.js';
import { createFileHasher } from './file-hasher.js';
import type { RunRecord } from './run-record.js';
import { acquireWorkspaceLock } from './workspace-lock.js';
import { workspaceLayout } from './workspace-layout.js';

export interface CacheListing {
  entries: (CacheEntry & { bytes: number })[];
  storeBytes: number;
  runs: string[];
}

/** Run ids in the workspace, oldest first (ids sort by time). */
async function runIds(workspace: string): Promise<string[]> {
  const names = await readdir(workspaceLayout(workspace).runs, { withFileTypes: true }).catch(() => []);
  return names.filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** Everything `pipeline cache ls` shows: entries with the bytes their outputs take, and the store's total. */
export async function listCache(workspace: string): Promise<CacheListing> {
  const layout = workspaceLayout(workspace);
  const store = new ContentStore(layout.store, await createFileHasher());
  const entries = [];
  for (const entry of await new CacheIndex(layout.cache).list()) {
    let bytes = 0;
    // A literal input passed through (an absolute path) is the user's file: it takes no room in the store.
    for (const output of Object.values(entry.outputs)) if (!output.path.startsWith('/')) bytes += output.size;
    entries.push({ ...entry, bytes });
  }
  let storeBytes = 0;
  for (const object of await store.list()) storeBytes += await store.sizeOf(object.path).catch(() => 0);
  entries.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  return { entries, storeBytes, runs: await runIds(workspace) };
}

export interface PruneResult {
  removedEntries: number;
  removedObjects: number;
  removedRuns: number;
}

/**
 * Frees space. `all`: removes the cache, the store, the run records and the hash memo. Otherwise keeps
 * the last `keepLast` runs (default 1), the cache entries those runs used or wrote, and the store
 * objects those entries name; everything else goes. Takes the workspace lock, so it never races a run.
 */
export async function pruneWorkspace(workspace: string, options: { keepLast?: number; all?: boolean }): Promise<PruneResult> {
  const layout = workspaceLayout(workspace);
  const lock = await acquireWorkspaceLock(workspace);
  try {
    const index = new CacheIndex(layout.cache);
    const entries = await index.list();
    const runs = await runIds(workspace);
    const store = new ContentStore(layout.store, await createFileHasher());
    const objects = await store.list();
    if (options.all) {
      for (const dir of [layout.cache, layout.store, layout.runs, layout.tmp]) await rm(dir, { recursive: true, force: true });
      await rm(layout.memo, { force: true });
      return { removedEntries: entries.length, removedObjects: objects.length, removedRuns: runs.length };
    }
    const keep = runs.slice(Math.max(0, runs.length - Math.max(0, options.keepLast ?? 1)));
    const keptKeys = new Set<string>();
    for (const runId of keep) {
      const record = JSON.parse(await readFile(join(layout.runs, runId, 'run.json'), 'utf8').catch(() => '{"stages":[]}')) as Pick<RunRecord, 'stages'>;
      for (const stage of record.stages) if (stage.cache && (stage.status === 'succeeded' || stage.status === 'cached')) keptKeys.add(stage.cache.key);
    }
    let removedEntries = 0;
    const keptObjects = new Set<string>();
    for (const entry of entries) {
      if (keptKeys.has(entry.key)) {
        for (const output of Object.values(entry.outputs)) keptObjects.add(digestHex(output.digest));
      } else {
        await index.remove(entry.key);
        removedEntries += 1;
      }
    }
    let removedObjects = 0;
    for (const object of objects) {
      if (keptObjects.has(object.hex)) continue;
      await rm(object.path, { recursive: true, force: true });
      removedObjects += 1;
    }
    const dropped = runs.filter((id) => !keep.includes(id));
    for (const runId of dropped) await rm(join(layout.runs, runId), { recursive: true, force: true });
    await rm(layout.tmp, { recursive: true, force: true });
    return { removedEntries, removedObjects, removedRuns: dropped.length };
  } finally {
    await lock.release();
  }
}
