import { isAbsolute, join, relative } from 'node:path';
import type { Artifact } from '@pipeline/sdk';
import type { CacheEntry } from './cache-index.js';
import type { OnRepair } from './content-store.js';
import type { RunContext } from './run-context.js';
import { maskRecord } from './secret-params.js';
import type { RecordedArtifact, StageRecord } from './run-record.js';
import type { StageLogFile } from './stage-log.js';

export interface CacheHit {
  entry: CacheEntry;
  /** Outputs with absolute store paths. */
  artifacts: Record<string, Artifact>;
}

/**
 * Finds a cache entry and checks every output it names still hashes to its digest (a `stat` per
 * file thanks to the memo). A missing or altered object makes it a miss: the stage is rebuilt.
 */
export async function lookUpCache(run: RunContext, key: string, log: StageLogFile, onRepair: OnRepair): Promise<CacheHit | undefined> {
  const entry = await run.cacheIndex.read(key);
  if (!entry) return undefined;
  const artifacts: Record<string, Artifact> = {};
  for (const [name, output] of Object.entries(entry.outputs)) {
    const path = isAbsolute(output.path) ? output.path : join(run.layout.store, output.path);
    if (isAbsolute(output.path)) {
      // A literal input passed through, recorded where the user keeps it: good only while it is one of
      // this run's literals and still holds those bytes; otherwise the stage runs again (nothing to repair).
      const literal = run.literals.find({ path, digest: output.digest });
      if (!literal || (await run.literals.currentDigest(literal)) !== output.digest) {
        log.write('info', `cache entry ${key} passed through ${path} (output "${name}"), which ${literal ? 'has changed' : 'is not a literal input of this run'}; running again`);
        return undefined;
      }
      artifacts[name] = { ...output, path };
      continue;
    }
    let digest: string | undefined;
    try {
      // Through the store: a file with companions is checked together with them.
      digest = (await run.store.digestOf(path)).digest;
    } catch {
      digest = undefined;
    }
    if (digest !== output.digest) {
      log.write('warn', `store object ${relative(run.layout.store, path)} (output "${name}" of cache entry ${key}) ${digest ? `no longer matches its digest: expected ${output.digest}, found ${digest}` : `is missing (expected ${output.digest})`}; rebuilding`);
      onRepair({ object: relative(run.layout.store, path), expected: output.digest, ...(digest ? { found: digest } : {}) });
      await run.cacheIndex.remove(key);
      return undefined;
    }
    artifacts[name] = { ...output, path };
  }
  log.write('info', `cache hit ${key} (from run ${entry.runId})`);
  return { entry, artifacts };
}

/** The stage record of a cache hit: what the original run reported, with store paths. */
export function recordFromCache(hit: CacheHit): Partial<StageRecord> {
  const { entry } = hit;
  return {
    status: 'cached',
    attempts: 0,
    outputs: Object.fromEntries(Object.entries(hit.artifacts).map(([k, a]) => [k, a as RecordedArtifact])),
    metrics: entry.metrics,
    gates: entry.gates,
    charts: entry.charts,
    ...(entry.summary === undefined ? {} : { summary: entry.summary }),
  };
}

/** Writes the entry last, after every output is in the store: an entry never names missing content. */
export async function writeCacheEntry(
  run: RunContext,
  fields: Omit<CacheEntry, 'schemaVersion' | 'runId' | 'createdAt'>,
): Promise<void> {
  // Store objects by their path in the store (the workspace may move); a literal passed through stays absolute.
  const outputs = Object.fromEntries(Object.entries(fields.outputs).map(([k, a]) => [k, { ...a, path: inside(run.layout.store, a.path) ? relative(run.layout.store, a.path) : a.path }]));
  await run.cacheIndex.write(maskRecord<CacheEntry>({ schemaVersion: 1, ...fields, outputs, runId: run.runId, createdAt: new Date(run.clock()).toISOString() }, run.mask));
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
