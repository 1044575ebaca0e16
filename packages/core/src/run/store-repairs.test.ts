import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planned, planOf } from './plan-builder.testing.js';
import { runPlan } from './run-plan.js';
import { writeText } from './test-stages.testing.js';

// Finding 10 of issue 16: a tampered or missing store object was rebuilt without a word. The run
// says it, and run.json records which object, the digest expected and the one found.
let dir: string;
let workspace: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'store-repairs-'));
  workspace = join(dir, '.pipeline');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const sha = (data: string | Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const plan = () => planOf([planned('w', writeText, { params: { text: 'original' } })], { baseDir: dir });

async function recordedRun() {
  const record = await runPlan(plan(), { workspace });
  const onDisk = JSON.parse(await readFile(join(workspace, 'runs', record.runId, 'run.json'), 'utf8'));
  return { record, onDisk };
}

describe('store repairs', () => {
  it('an intact store repairs nothing', async () => {
    await runPlan(plan(), { workspace });
    const { record, onDisk } = await recordedRun();
    expect(record.stages[0]!.status).toBe('cached');
    expect(record.stages[0]!.storeRepairs).toBeUndefined();
    expect(onDisk.stages[0].storeRepairs).toBeUndefined();
  });

  it('a tampered object is named with the digest expected and the one found, in the record and the log', async () => {
    const first = await runPlan(plan(), { workspace });
    const stored = first.stages[0]!.outputs.out!;
    await chmod(stored.path, 0o644);
    await writeFile(stored.path, 'tampered');
    const { record, onDisk } = await recordedRun();
    const repair = { object: relative(join(workspace, 'store'), stored.path), expected: stored.digest, found: sha('tampered') };
    expect(record.stages[0]!.status).toBe('succeeded');
    expect(record.stages[0]!.storeRepairs).toEqual([repair]);
    expect(onDisk.stages[0].storeRepairs).toEqual([repair]);
    const log = await readFile(join(workspace, 'runs', record.runId, record.stages[0]!.log!), 'utf8');
    expect(log).toContain(repair.found);
    expect(await readFile(record.stages[0]!.outputs.out!.path, 'utf8')).toBe('original');
  });

  it('a missing object is named without a found digest', async () => {
    const first = await runPlan(plan(), { workspace });
    const stored = first.stages[0]!.outputs.out!;
    await rm(stored.path, { force: true });
    const { record } = await recordedRun();
    expect(record.stages[0]!.storeRepairs).toEqual([{ object: relative(join(workspace, 'store'), stored.path), expected: stored.digest }]);
  });
});
