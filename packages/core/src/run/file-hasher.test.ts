import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineStage, directoryKind, input, output, textKind } from '@pipeline/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadPipeline } from '../plan/load-pipeline.js';
import type { Binding } from '../plan/types.js';
import { StageRegistry } from '../registry/stage-registry.js';
import { createFileHasher, type HashFile } from './file-hasher.js';
import { runPlan } from './run-plan.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hasher-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const sha = async (file: string) => `sha256:${createHash('sha256').update(await readFile(file)).digest('hex')}`;
const old = new Date(Date.now() - 60_000);

describe('createFileHasher', () => {
  it('hashes what crypto hashes, and answers an unchanged file from the memo', async () => {
    const file = join(dir, 'a.bin');
    await writeFile(file, Buffer.alloc(3 * 1024 * 1024 + 7, 7));
    await utimes(file, old, old);
    const memoFile = join(dir, 'memo.json');
    const hasher = await createFileHasher({ memoFile });
    expect((await hasher.hashFile(file)).digest).toBe(await sha(file));
    await hasher.save();
    const again = await createFileHasher({ memoFile });
    expect(await again.hashFile(file)).toEqual({ digest: await sha(file), size: 3 * 1024 * 1024 + 7 });
    expect(again.counters).toEqual({ memoHits: 1, hashed: 0 });
  });

  it('re-reads a file edited in place even when size and mtime are put back (ctime moved)', async () => {
    const file = join(dir, 'a.txt');
    await writeFile(file, 'aaaa');
    await utimes(file, old, old);
    const hasher = await createFileHasher();
    await hasher.hashFile(file);
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(file, 'bbbb');
    await utimes(file, old, old);
    expect((await hasher.hashFile(file)).digest).toBe(await sha(file));
    expect(hasher.counters.hashed).toBe(2);
  });

  it('does not trust an entry whose mtime is within the racy window of when it was hashed', async () => {
    const file = join(dir, 'a.txt');
    await writeFile(file, 'x');
    const mtimeMs = Number((await stat(file, { bigint: true })).mtimeNs / 1_000_000n);
    const hasher = await createFileHasher({ now: () => mtimeMs + 5 });
    await hasher.hashFile(file);
    await hasher.hashFile(file);
    expect(hasher.counters).toEqual({ memoHits: 0, hashed: 2 });
    const later = await createFileHasher({ now: () => mtimeMs + 5_000 });
    await later.hashFile(file);
    await later.hashFile(file);
    expect(later.counters).toEqual({ memoHits: 1, hashed: 1 });
  });

  it('gives equal trees equal digests wherever they are, and a changed file a new one', async () => {
    for (const root of ['t1', 't2']) {
      await mkdir(join(dir, root, 'sub'), { recursive: true });
      await writeFile(join(dir, root, 'sub', 'x.txt'), 'x');
      await writeFile(join(dir, root, 'y.txt'), 'y');
    }
    const hasher = await createFileHasher();
    const [a, b] = [await hasher.hashDirectory(join(dir, 't1')), await hasher.hashDirectory(join(dir, 't2'))];
    expect(a.digest).toBe(b.digest);
    expect(a.manifest.map((e) => e.path)).toEqual(['sub/x.txt', 'y.txt']);
    await writeFile(join(dir, 't2', 'y.txt'), 'z');
    expect((await hasher.hashDirectory(join(dir, 't2'))).digest).not.toBe(a.digest);
  });
});

describe('one digest for plan and run', () => {
  /** The folder digest by its definition: sha256 of the canonical JSON manifest, built here by hand. */
  const manifestDigest = (entries: { path: string; text: string }[]) => {
    const json = entries
      .map((e) => `{"digest":"sha256:${createHash('sha256').update(e.text).digest('hex')}","path":"${e.path}","size":${Buffer.byteLength(e.text)}}`)
      .join(',');
    return `sha256:${createHash('sha256').update(`{"entries":[${json}],"type":"directory"}`).digest('hex')}`;
  };

  it('`pipeline plan` (the default hasher) shows the digest `pipeline run` records for a folder input', async () => {
    await mkdir(join(dir, 'data', 'sub'), { recursive: true });
    await writeFile(join(dir, 'data', 'b.txt'), 'bee');
    await writeFile(join(dir, 'data', 'sub', 'a.txt'), 'a');
    const countFiles = defineStage({
      name: 'test/count-files',
      version: 1,
      description: 'reads a folder',
      inputs: { data: input(directoryKind) },
      params: z.object({}),
      outputs: { out: output(textKind) },
      async run({ inputs, outDir }) {
        await writeFile(join(outDir, 'n.txt'), inputs.data.digest);
        return { outputs: { out: { path: 'n.txt', meta: {} } } };
      },
    });
    const registry = StageRegistry.fromPlugins([{ name: 'test', stages: [countFiles] }]);
    await writeFile(join(dir, 'deploy.yaml'), 'stages:\n  count:\n    uses: test/count-files\n    with: { data: ./data }\n');
    const load = (hashFile?: HashFile) => loadPipeline('deploy.yaml', { registry, cwd: dir, env: {}, ...(hashFile ? { hashFile } : {}) });
    const planned = (await load()).plan.stages[0]!.inputs.data as Extract<Binding, { type: 'artifact' }>;
    const hasher = await createFileHasher({ memoFile: join(dir, '.pipeline', 'hash-memo.json') });
    const record = await runPlan((await load((p) => hasher.hashPath(p))).plan, { workspace: join(dir, '.pipeline'), hasher });
    const expected = manifestDigest([
      { path: 'b.txt', text: 'bee' },
      { path: 'sub/a.txt', text: 'a' },
    ]);
    expect(planned.artifact.digest).toBe(expected);
    expect(record.stages[0]!.cache!.components.inputs.data).toBe(expected);
  });
});
