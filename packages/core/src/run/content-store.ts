import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, copyFile, link, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { bundleDigest, type CompanionEntry } from './bundle-digest.js';
import { canonicalJson, digestHex, sha256Digest } from './canonical-json.js';
import type { FileHasher, PathDigest } from './file-hasher.js';
import { hashFileContent } from './hash-file.js';

/** A store object found present but damaged, and rebuilt: which, the digest expected, the one found (absent: missing). */
export interface StoreRepair {
  object: string;
  expected: string;
  found?: string;
}

export type OnRepair = (repair: StoreRepair) => void;

export interface StoredObject {
  digest: string;
  size: number;
  /** Absolute path inside the store; read-only by convention (files are chmod 0444). */
  path: string;
  layout: 'file' | 'directory';
}

/**
 * Content-addressed storage under `<workspace>/store/`: a file lives at `files/<hex>/<name>` (its name
 * kept, so tools that look at extensions still work), a folder at `dirs/<manifest hex>/`, a file with
 * companions at `bundles/<hex>/<name>/<name>` with its companions beside it (one folder per name, so
 * the folder holds exactly one bundle). Objects are built under `tmp/` and renamed into place, so a
 * reader never sees half an object.
 */
export class ContentStore {
  constructor(
    readonly root: string,
    private readonly hasher: FileHasher,
  ) {}

  private async tempPath(): Promise<string> {
    await mkdir(join(this.root, 'tmp'), { recursive: true });
    return join(this.root, 'tmp', `${process.pid}-${randomBytes(6).toString('hex')}`);
  }

  /** Copies (hard-links when possible) a file into the store and returns where it lives. */
  async putFile(source: string, name = basename(source), onRepair?: OnRepair): Promise<StoredObject> {
    const hashedAtMs = this.hasher.now();
    const { digest, size } = await hashFileContent(source);
    const dir = join(this.root, 'files', digestHex(digest));
    const dest = join(dir, name);
    const state = await this.inspect(dest, digest, 'file');
    if (state !== 'intact') {
      if (state !== 'absent') onRepair?.(state);
      await mkdir(dir, { recursive: true });
      const temp = await this.tempPath();
      await linkOrCopy(source, temp);
      await chmod(temp, 0o444);
      await rm(dest, { force: true });
      await rename(temp, dest);
      await this.hasher.remember(dest, digest, hashedAtMs);
    }
    return { digest, size, path: dest, layout: 'file' };
  }

  /** Copies a folder into the store (hard-linking its files), keyed by its manifest digest. */
  async putDirectory(source: string, onRepair?: OnRepair): Promise<StoredObject> {
    const hashedAtMs = this.hasher.now();
    const { digest, size, manifest } = await this.hasher.hashDirectory(source);
    const dest = join(this.root, 'dirs', digestHex(digest));
    const state = await this.inspect(dest, digest, 'directory');
    if (state !== 'intact') {
      if (state !== 'absent') onRepair?.(state);
      const temp = await this.tempPath();
      for (const entry of manifest) {
        const target = join(temp, ...entry.path.split('/'));
        await mkdir(join(target, '..'), { recursive: true });
        await linkOrCopy(join(source, ...entry.path.split('/')), target);
        await chmod(target, 0o444);
      }
      await mkdir(temp, { recursive: true });
      await mkdir(join(this.root, 'dirs'), { recursive: true });
      await rm(dest, { recursive: true, force: true });
      await rename(temp, dest);
      for (const entry of manifest) await this.hasher.remember(join(dest, ...entry.path.split('/')), entry.digest, hashedAtMs);
    }
    return { digest, size, path: dest, layout: 'directory' };
  }

  /**
   * Copies a file and its companions (paths relative to its folder) into one bundle folder, keyed by
   * the digest of all of them, so the file still finds its companions where it expects them.
   */
  async putWithCompanions(source: string, companions: readonly string[], onRepair?: OnRepair): Promise<StoredObject> {
    const hashedAtMs = this.hasher.now();
    const { digest, size, main, companions: parts } = await this.hasher.hashWithCompanions(source, companions);
    if (parts.length === 0) return this.putFile(source, basename(source), onRepair);
    const name = basename(source);
    const dir = join(this.root, 'bundles', digestHex(digest), name);
    const dest = join(dir, name);
    const state = await this.inspect(dest, digest, 'file');
    if (state !== 'intact') {
      if (state !== 'absent') onRepair?.(state);
      const temp = await this.tempPath();
      const files = [{ path: name, digest: main.digest }, ...parts];
      for (const file of files) {
        const target = join(temp, ...file.path.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await linkOrCopy(join(dirname(source), ...file.path.split('/')), target);
        await chmod(target, 0o444);
      }
      await mkdir(dirname(dir), { recursive: true });
      await rm(dir, { recursive: true, force: true });
      await rename(temp, dir);
      for (const file of files) await this.hasher.remember(join(dir, ...file.path.split('/')), file.digest, hashedAtMs);
    }
    return { digest, size, path: dest, layout: 'file' };
  }

  /**
   * Copies a user's file (with its companions, relative to its folder) or folder into the store, for
   * `literal_inputs: copy`. Never a hard link: the user's next edit must not reach the object, nor the
   * store's chmod the user's file; a reflink where the file system has them (`COPYFILE_FICLONE` falls
   * back to a copy). The digest is of the copy, so the object is addressed by exactly what it holds.
   */
  async copyIn(source: string, layout: 'file' | 'directory', companions: readonly string[] = [], onRepair?: OnRepair): Promise<StoredObject> {
    const hashedAtMs = this.hasher.now();
    const temp = await this.tempPath();
    try {
      const files = layout === 'directory' ? (await this.hasher.hashDirectory(source)).manifest.map((e) => e.path) : [basename(source), ...companions];
      const copied: CompanionEntry[] = [];
      for (const rel of files) {
        const target = join(temp, ...rel.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await copyFile(join(layout === 'directory' ? source : dirname(source), ...rel.split('/')), target, constants.COPYFILE_FICLONE);
        await chmod(target, 0o444);
        copied.push({ path: rel, ...(await hashFileContent(target)) });
      }
      const [main, ...parts] = copied as [CompanionEntry, ...CompanionEntry[]];
      const { digest, size } =
        layout === 'directory'
          ? { digest: sha256Digest(canonicalJson({ type: 'directory', entries: copied })), size: copied.reduce((sum, e) => sum + e.size, 0) }
          : bundleDigest(main, parts);
      // Where putDirectory, putFile and putWithCompanions keep such an object.
      const name = basename(source);
      const [folder, objectPath, placed] =
        layout === 'directory'
          ? [join(this.root, 'dirs', digestHex(digest)), join(this.root, 'dirs', digestHex(digest)), temp]
          : parts.length === 0
            ? [join(this.root, 'files', digestHex(digest)), join(this.root, 'files', digestHex(digest), name), join(temp, name)]
            : [join(this.root, 'bundles', digestHex(digest), name), join(this.root, 'bundles', digestHex(digest), name, name), temp];
      const state = await this.inspect(objectPath, digest, layout);
      if (state !== 'intact') {
        if (state !== 'absent') onRepair?.(state);
        const target = placed === temp ? folder : objectPath;
        await mkdir(dirname(target), { recursive: true });
        await rm(target, { recursive: true, force: true });
        await rename(placed, target);
        for (const file of copied) await this.hasher.remember(join(layout === 'directory' || parts.length > 0 ? folder : dirname(objectPath), ...file.path.split('/')), file.digest, hashedAtMs);
      }
      return { digest, size, path: objectPath, layout };
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }

  /**
   * What an object in the store hashes to now. A file of a bundle is hashed with everything beside it in
   * its bundle folder (its companions), so an altered, removed or added companion changes the digest.
   */
  async digestOf(path: string): Promise<PathDigest> {
    const inBundles = relative(join(this.root, 'bundles'), path);
    const parts = inBundles.split(sep);
    if (isAbsolute(inBundles) || parts[0] === '..' || parts.length !== 3 || parts[1] !== parts[2]) return this.hasher.hashPath(path);
    const { manifest } = await this.hasher.hashDirectory(dirname(path));
    const main = manifest.find((e) => e.path === basename(path));
    if (!main) throw new Error(`${path} is missing from its bundle`);
    const bundle = bundleDigest(main, manifest.filter((e) => e !== main));
    return { digest: bundle.digest, size: bundle.size, layout: 'file' };
  }

  /**
   * What is at `path` compared with `digest`: `intact`, `absent`, or the repair to make (present but
   * hashing to something else), so a rebuilt object is never silent.
   */
  private async inspect(path: string, digest: string, layout: 'file' | 'directory'): Promise<'intact' | 'absent' | StoreRepair> {
    let found: string;
    try {
      found = (layout === 'directory' ? await this.hasher.hashDirectory(path) : await this.digestOf(path)).digest;
    } catch {
      return 'absent';
    }
    return found === digest ? 'intact' : { object: relative(this.root, path), expected: digest, found };
  }

  /**
   * True when `path` exists and its content still hashes to `digest`. Uses the stat memo, so an
   * untouched object costs a `stat`; an edited one changes mtime/ctime and is re-read.
   */
  async verify(path: string, digest: string, layout: 'file' | 'directory'): Promise<boolean> {
    try {
      const found = layout === 'directory' ? await this.hasher.hashDirectory(path) : await this.digestOf(path);
      return found.digest === digest;
    } catch {
      return false;
    }
  }

  /** True when `path` lies inside the store (an object, or a file of one). */
  contains(path: string): boolean {
    const rel = relative(this.root, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  }

  /** True when `path` is a plain file object (`files/<hex>/<name>`), not a bundle's or a folder's file. */
  holdsPlainFile(path: string): boolean {
    const parts = relative(this.root, path).split(sep);
    return parts.length === 3 && parts[0] === 'files';
  }

  /** Every object in the store with its digest hex and path (for `cache prune`). */
  async list(): Promise<{ hex: string; path: string; layout: 'file' | 'directory' }[]> {
    const out: { hex: string; path: string; layout: 'file' | 'directory' }[] = [];
    for (const [sub, layout] of [['files', 'file'], ['bundles', 'file'], ['dirs', 'directory']] as const) {
      const names = await readdir(join(this.root, sub)).catch(() => [] as string[]);
      for (const hex of names) out.push({ hex, path: join(this.root, sub, hex), layout });
    }
    return out;
  }

  /** Bytes an object occupies (for `cache ls`). */
  async sizeOf(path: string): Promise<number> {
    const info = await stat(path);
    if (!info.isDirectory()) return info.size;
    let total = 0;
    for (const name of await readdir(path)) total += await this.sizeOf(join(path, name));
    return total;
  }
}

/**
 * Hard-links a file that only the stage's output folder holds, so committing costs nothing. A file
 * with other links (a stage passed a user's model through by a link) is copied, cloned where the file
 * system can: a shared inode would let the user's next edit alter the stored object, and the store's
 * chmod would make the user's file read-only.
 */
async function linkOrCopy(source: string, dest: string): Promise<void> {
  if ((await stat(source)).nlink === 1) {
    try {
      await link(source, dest);
      return;
    } catch {
      // Another file system, or links not allowed: a copy is slower but equally correct.
    }
  }
  await copyFile(source, dest, constants.COPYFILE_FICLONE);
}
