import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** What a hasher returns: `sha256:<hex>` and the byte size (a folder's: the sum of its files). */
export interface FileDigest {
  digest: string;
  size: number;
}

export type HashFile = (path: string) => Promise<FileDigest>;

/**
 * The default hasher for literal paths: a streaming sha256 of a file, or of a folder's manifest
 * (sorted relative paths with their files' digests), so a folder's digest changes when any file does.
 * The runner passes a memoized hasher instead; this one reads every byte every time.
 */
export const sha256Path: HashFile = async (target) => {
  const info = await stat(target);
  if (!info.isDirectory()) return hashFileContent(target, info.size);
  const entries = (await readdir(target, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const files = entries.map((e) => path.join(e.parentPath, e.name)).sort();
  const manifest = createHash('sha256');
  let size = 0;
  for (const file of files) {
    const fileInfo = await stat(file);
    const { digest } = await hashFileContent(file, fileInfo.size);
    size += fileInfo.size;
    manifest.update(`${path.relative(target, file).split(path.sep).join('/')}\0${digest}\n`);
  }
  return { digest: `sha256:${manifest.digest('hex')}`, size };
};

function hashFileContent(file: string, size: number): Promise<FileDigest> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve({ digest: `sha256:${hash.digest('hex')}`, size }));
  });
}
