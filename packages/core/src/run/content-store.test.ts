import { createHash } from 'node:crypto';
import { chmod, link, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeCompanionPath } from './bundle-digest.js';
import { ContentStore } from './content-store.js';
import { createFileHasher } from './file-hasher.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'store-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** The definition of a file-with-companions digest, written out by hand: canonical JSON, keys sorted. */
function expectedDigest(main: string, companions: [string, string][]): string {
  const parts = companions.map(([path, text]) => `{"digest":"${sha(text)}","path":"${path}","size":${text.length}}`).join(',');
  return sha(`{"companions":[${parts}],"main":{"digest":"${sha(main)}","size":${main.length}},"type":"file+companions"}`);
}

async function writeBundle(root: string): Promise<string> {
  await mkdir(join(root, 'weights'), { recursive: true });
  await writeFile(join(root, 'm.onnx'), 'graph');
  await writeFile(join(root, 'weights', 'w.bin'), 'weights');
  await writeFile(join(root, 'b.bin'), 'bias');
  return join(root, 'm.onnx');
}

describe('a file with companions', () => {
  it('is digested with them, stored beside them, and its digest is its content, not its name', async () => {
    const source = await writeBundle(join(dir, 'out'));
    const store = new ContentStore(join(dir, 'store'), await createFileHasher());
    const stored = await store.putWithCompanions(source, ['./weights/w.bin', 'b.bin']);
    const digest = expectedDigest('graph', [
      ['b.bin', 'bias'],
      ['weights/w.bin', 'weights'],
    ]);
    expect(stored).toMatchObject({ digest, size: 'graph'.length + 'weights'.length + 'bias'.length, layout: 'file' });
    expect(await readFile(join(dirname(stored.path), 'weights', 'w.bin'), 'utf8')).toBe('weights');
    expect((await store.digestOf(stored.path)).digest).toBe(digest);
    // Without companions it is the plain file digest, as before companions existed.
    expect((await store.putWithCompanions(source, [])).digest).toBe(sha('graph'));
  });

  it('a removed, altered or added companion in the store changes what the object hashes to', async () => {
    const store = new ContentStore(join(dir, 'store'), await createFileHasher());
    const stored = await store.putWithCompanions(await writeBundle(join(dir, 'out')), ['weights/w.bin', 'b.bin']);
    const bundle = dirname(stored.path);
    await rm(join(bundle, 'b.bin'), { force: true });
    expect(await store.verify(stored.path, stored.digest, 'file')).toBe(false);
    await store.putWithCompanions(join(dir, 'out', 'm.onnx'), ['weights/w.bin', 'b.bin']);
    expect(await store.verify(stored.path, stored.digest, 'file')).toBe(true);
    await chmod(join(bundle, 'weights', 'w.bin'), 0o644);
    await writeFile(join(bundle, 'weights', 'w.bin'), 'WEIGHTS');
    expect(await store.verify(stored.path, stored.digest, 'file')).toBe(false);
    await store.putWithCompanions(join(dir, 'out', 'm.onnx'), ['weights/w.bin', 'b.bin']);
    await writeFile(join(bundle, 'extra.bin'), 'x');
    expect(await store.verify(stored.path, stored.digest, 'file')).toBe(false);
  });

  it('copies a file another path also links to, so the store never shares a user file’s inode', async () => {
    const source = join(dir, 'user.txt');
    await writeFile(source, 'mine');
    await link(source, join(dir, 'passed-through.txt'));
    const store = new ContentStore(join(dir, 'store'), await createFileHasher());
    const stored = await store.putFile(join(dir, 'passed-through.txt'));
    expect((await stat(stored.path)).ino).not.toBe((await stat(source)).ino);
    expect((await stat(source)).mode & 0o200).toBe(0o200);
  });

  it('refuses companion paths outside the file’s folder', () => {
    for (const bad of ['../w.bin', '/etc/passwd', '', '.', 'a/../../w.bin']) expect(() => normalizeCompanionPath(bad)).toThrow(/inside the artifact/);
    expect(normalizeCompanionPath('./a//w.bin')).toBe('a/w.bin');
  });
});
