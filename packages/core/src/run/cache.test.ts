import { chmod, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { textKind } from '@pipeline/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileHasher } from './file-hasher.js';
import { artifact, outputOf, planned, planOf } from './plan-builder.testing.js';
import { runPlan } from './run-plan.js';
import { failing, upper, writeText } from './test-stages.testing.js';

let dir: string;
let workspace: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-cache-'));
  workspace = join(dir, '.pipeline');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const statuses = (record: { stages: { id: string; status: string }[] }) => Object.fromEntries(record.stages.map((s) => [s.id, s.status]));

/** What `loadPipeline` does for a literal path: hash it (through the workspace's memo) and bind the artifact. */
async function planOverFile(file: string) {
  const hasher = await createFileHasher({ memoFile: join(workspace, 'hash-memo.json') });
  const { digest, size } = await hasher.hashFile(file);
  await hasher.save();
  const input = artifact({ kind: 'text', digest, size, path: file, meta: {} });
  return { plan: planOf([planned('up', upper, { inputs: { text: input } }), planned('w', writeText, { params: { text: 'w' } })], { baseDir: dir }), hasher };
}

describe('cache', () => {
  it('a re-run of an unchanged plan is entirely cached, with the same outputs', async () => {
    const plan = planOf([planned('a', writeText, { params: { text: 'hi' } }), planned('b', upper, { inputs: { text: outputOf('a', 'out') } })], { baseDir: dir });
    const first = await runPlan(plan, { workspace });
    const second = await runPlan(plan, { workspace });
    expect(statuses(first)).toEqual({ a: 'succeeded', b: 'succeeded' });
    expect(statuses(second)).toEqual({ a: 'cached', b: 'cached' });
    expect(second.stages.map((s) => s.outputs.out?.digest)).toEqual(first.stages.map((s) => s.outputs.out?.digest));
    expect(await readFile(second.stages[1]!.outputs.out!.path, 'utf8')).toBe('HI');
  });

  it('misses when an input file’s content changes, hits when only its mtime changes', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, 'abc');
    const past = new Date(Date.now() - 60_000);
    await utimes(file, past, past);
    await runPlan((await planOverFile(file)).plan, { workspace });

    const later = new Date(Date.now() - 30_000);
    await utimes(file, later, later);
    const touched = await planOverFile(file);
    expect(touched.hasher.counters.hashed).toBe(1); // the memo saw the new mtime and re-read the file
    expect(statuses(await runPlan(touched.plan, { workspace }))).toEqual({ up: 'cached', w: 'cached' });

    await writeFile(file, 'xyz');
    await utimes(file, later, later);
    const edited = await runPlan((await planOverFile(file)).plan, { workspace });
    expect(statuses(edited)).toEqual({ up: 'succeeded', w: 'cached' });
    expect(await readFile(edited.stages[0]!.outputs.out!.path, 'utf8')).toBe('XYZ');
  });

  it('a dead run\'s half-built store objects are removed by the next run, which holds the lock', async () => {
    const plan = planOf([planned('a', writeText, { params: { text: 'hi' } })], { baseDir: dir });
    await runPlan(plan, { workspace });
    const leftover = join(workspace, 'store', 'tmp', '999999-0a1b2c');
    await mkdir(leftover, { recursive: true });
    await writeFile(join(leftover, 'model.onnx'), 'half a copy');
    expect(statuses(await runPlan(plan, { workspace }))).toEqual({ a: 'cached' });
    expect(await readdir(join(workspace, 'store', 'tmp')).catch(() => [])).toEqual([]);
    expect(await readdir(join(workspace, 'store', 'files'))).toHaveLength(1);
  });

  it('a stage killed by its timeout leaves nothing in the cache or the store', async () => {
    const plan = planOf([planned('s', failing, { params: { mode: 'exec-hang', counterFile: join(dir, 'pid') }, timeoutMs: 200 })], { baseDir: dir });
    const record = await runPlan(plan, { workspace, killGraceMs: 100 });
    expect(record.stages[0]!.status).toBe('errored');
    expect(await readdir(join(workspace, 'cache')).catch(() => [])).toEqual([]);
    expect(await readdir(join(workspace, 'store', 'files')).catch(() => [])).toEqual([]);
    expect(await readdir(join(workspace, 'tmp')).catch(() => [])).toEqual([]);
  });

  it('a store object whose content was altered is detected and rebuilt, never used', async () => {
    const plan = planOf([planned('a', writeText, { params: { text: 'original' } }), planned('b', upper, { inputs: { text: outputOf('a', 'out') } })], { baseDir: dir });
    const first = await runPlan(plan, { workspace });
    const stored = first.stages[0]!.outputs.out!.path;
    await chmod(stored, 0o644);
    await writeFile(stored, 'tampered');
    const second = await runPlan(plan, { workspace });
    expect(statuses(second)).toEqual({ a: 'succeeded', b: 'cached' });
    expect(await readFile(stored, 'utf8')).toBe('original');
    const log = await readFile(join(workspace, 'runs', second.runId, second.stages[0]!.log!), 'utf8');
    expect(log).toContain('no longer');
  });

  it('--force and --no-cache run stages despite a hit; cache: false never hits', async () => {
    const plan = planOf([planned('a', writeText, { params: { text: 'x' } }), planned('b', writeText, { params: { text: 'y' }, cache: false })], { baseDir: dir });
    await runPlan(plan, { workspace });
    expect(statuses(await runPlan(plan, { workspace, force: ['a'] }))).toEqual({ a: 'succeeded', b: 'succeeded' });
    expect(statuses(await runPlan(plan, { workspace }))).toEqual({ a: 'cached', b: 'succeeded' });
    expect(statuses(await runPlan(plan, { workspace, noCache: true }))).toEqual({ a: 'succeeded', b: 'succeeded' });
  });

  it('records the key components, which differ exactly where the change was', async () => {
    const run = (text: string) => runPlan(planOf([planned('a', writeText, { params: { text } })], { baseDir: dir }), { workspace });
    const [one, two] = [await run('x'), await run('y')];
    const [c1, c2] = [one.stages[0]!.cache!, two.stages[0]!.cache!];
    expect(c1.key).not.toBe(c2.key);
    expect(c1.components.params).toEqual({ text: 'x', sleepMs: 0, exclusiveProbe: false });
    expect({ ...c2.components, params: c1.components.params }).toEqual(c1.components);
    expect(textKind.name).toBe('text');
  });
});
