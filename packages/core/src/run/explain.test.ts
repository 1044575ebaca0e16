import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainStage } from './explain.js';
import { createFileHasher } from './file-hasher.js';
import { artifact, outputOf, planned, planOf } from './plan-builder.testing.js';
import { runPlan } from './run-plan.js';
import { upper, writeText } from './test-stages.testing.js';

let dir: string;
let workspace: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'explain-'));
  workspace = join(dir, '.pipeline');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const old = new Date(Date.now() - 60_000);

async function planFor(file: string, text: string) {
  const hasher = await createFileHasher();
  const { digest, size } = await hasher.hashFile(file);
  const input = artifact({ kind: 'text', digest, size, path: file, meta: {} });
  return planOf(
    [planned('a', upper, { inputs: { text: input } }), planned('b', upper, { inputs: { text: outputOf('a', 'out') } }), planned('w', writeText, { params: { text } })],
    { baseDir: dir },
  );
}

describe('explainStage', () => {
  it('says cached when nothing changed, and names the changed input file and param otherwise', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, 'one');
    await utimes(file, old, old);
    const sha = async () => `sha256:${createHash('sha256').update(await readFile(file)).digest('hex')}`;
    const before = await sha();
    await runPlan(await planFor(file, 'x'), { workspace });
    const hasher = await createFileHasher();
    expect((await explainStage(await planFor(file, 'x'), 'b', { workspace, hasher })).verdict).toBe('cached');

    await writeFile(file, 'two');
    await utimes(file, old, old);
    const a = await explainStage(await planFor(file, 'y'), 'a', { workspace, hasher });
    expect(a.verdict).toBe('will-run');
    expect(a.changes).toEqual([{ component: 'input', name: 'text', before, after: await sha() }]);

    const b = await explainStage(await planFor(file, 'y'), 'b', { workspace, hasher });
    expect(b.verdict).toBe('will-run');
    expect(b.changes[0]).toMatchObject({ component: 'input', name: 'text', after: 'pending:a#out' });
    expect(b.changes[0]!.upstream?.changes[0]).toMatchObject({ name: 'text', before, after: await sha() });

    const w = await explainStage(await planFor(file, 'y'), 'w', { workspace, hasher });
    expect(w.changes).toEqual([{ component: 'param', name: 'text', before: 'x', after: 'y' }]);
  });
});
