import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planned, planOf } from './plan-builder.testing.js';
import { listCache, pruneWorkspace } from './prune.js';
import { runPlan } from './run-plan.js';
import { writeText } from './test-stages.testing.js';

let dir: string;
let workspace: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prune-'));
  workspace = join(dir, '.pipeline');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const run = (text: string) => runPlan(planOf([planned('a', writeText, { params: { text } })], { baseDir: dir }), { workspace });

describe('pruneWorkspace', () => {
  it('keeps what the last N runs used and removes the rest', async () => {
    const old = await run('old');
    const recent = await run('new');
    expect((await listCache(workspace)).entries.map((e) => e.key).sort()).toEqual([old.stages[0]!.cache!.key, recent.stages[0]!.cache!.key].sort());
    expect(await pruneWorkspace(workspace, { keepLast: 1 })).toEqual({ removedEntries: 1, removedObjects: 1, removedRuns: 1 });
    expect(existsSync(old.stages[0]!.outputs.out!.path)).toBe(false);
    expect((await run('new')).stages[0]!.status).toBe('cached');
    expect((await run('old')).stages[0]!.status).toBe('succeeded');
  });

  it('--all empties the workspace', async () => {
    await run('x');
    await pruneWorkspace(workspace, { all: true });
    const listing = await listCache(workspace);
    expect([listing.entries.length, listing.storeBytes, listing.runs.length]).toEqual([0, 0, 0]);
    expect((await run('x')).stages[0]!.status).toBe('succeeded');
  });
});
