import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileHasher } from './file-hasher.js';

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
