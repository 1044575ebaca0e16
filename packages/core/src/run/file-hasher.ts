import { readdirSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type BundleDigest, bundleDigest, normalizeCompanionPath } from './bundle-digest.js';
import { canonicalJson, sha256Digest } from './canonical-json.js';
import { type FileDigest, hashFileContent } from './hash-file.js';
import { isMemoFresh, type MemoEntry, memoEntryFor, StatMemo } from './stat-memo.js';

/** One file of a directory artifact's manifest; the directory's digest is the hash of the manifest. */
export interface ManifestEntry {
  /** POSIX path relative to the directory. */
  path: string;
  digest: string;
  size: number;
}

export interface PathDigest extends FileDigest {
  layout: 'file' | 'directory';
}

/** Hashes a literal path at plan time (`loadPipeline`'s `hashFile`); a `FileHasher`'s `hashPath` is one. */
export type HashFile = (path: string) => Promise<FileDigest>;

/**
 * The digest of a file with its companions (files it needs beside it, relative to its folder), each
 * hashed by `hashFile`, so the plan (any `HashFile`) and the store (a `FileHasher`) agree. Without
 * companions it is the file's own digest.
 */
export async function hashWithCompanions(hashFile: HashFile, path: string, companions: readonly string[]): Promise<BundleDigest> {
  const main = await hashFile(path);
  const entries: ManifestEntry[] = [];
  for (const rel of [...new Set(companions.map(normalizeCompanionPath))].sort()) {
    const { digest, size } = await hashFile(join(dirname(path), ...rel.split('/')));
    entries.push({ path: rel, digest, size });
  }
  return bundleDigest({ digest: main.digest, size: main.size }, entries);
}

/** Hashes files once: a stat memo answers for files that have not changed since they were hashed. */
export interface FileHasher {
  /** `sha256:` of the file's bytes, from the memo when its stat is unchanged and not racily clean. */
  hashFile(path: string, signal?: AbortSignal): Promise<FileDigest>;
  /** The manifest of a folder (every file, sorted) and the digest of that manifest. */
  hashDirectory(path: string, signal?: AbortSignal): Promise<FileDigest & { manifest: ManifestEntry[] }>;
  /** A file's or a folder's digest, whichever `path` is. */
  hashPath(path: string, signal?: AbortSignal): Promise<PathDigest>;
  /** A file's digest together with its companions' (see `hashWithCompanions`). */
  hashWithCompanions(path: string, companions: readonly string[]): Promise<BundleDigest>;
  /**
   * Records a digest computed elsewhere (a stage output hashed before it moved into the store), so
   * the file is not read again; `hashedAtMs` is when that hashing began (for the racy rule).
   */
  remember(path: string, digest: string, hashedAtMs: number): Promise<void>;
  /**
   * What `kind`'s ingest read from this file, as remembered for the file's current state (the same
   * trust as a memoised digest), when the hasher was made with an `ingestKey`; otherwise undefined.
   */
  ingested(path: string, kind: string): unknown;
  /** Remembers what `kind`'s ingest read from the file, beside its memoised digest (no-op without an `ingestKey` or an entry for the file's current stat). */
  rememberIngested(path: string, kind: string, meta: unknown): void;
  /** Persists the memo (atomically). */
  save(): Promise<void>;
  /** How many files were answered from the memo and how many were read, for logs and tests. */
  readonly counters: { memoHits: number; hashed: number };
  /** The clock the memo uses. */
  readonly now: () => number;
}

export interface FileHasherOptions {
  /** Where the memo lives (e.g. `<workspace>/hash-memo.json`); no persistence when absent. */
  memoFile?: string;
  /** Wall clock in ms; injected by tests of the racy rule. */
  now?: () => number;
  /**
   * Identifies the code that ingests (the CLI passes its build's id): what a kind's `ingest` read is
   * remembered only under it, so a rebuilt CLI never trusts what an older one read. Without it nothing
   * ingested is remembered.
   */
  ingestKey?: string;
}

/** Creates a hasher backed by a stat memo. Pass its `hashFile` to `loadPipeline` so ingest shares it. */
export async function createFileHasher(options: FileHasherOptions = {}): Promise<FileHasher> {
  const memo = await StatMemo.load(options.memoFile);
  const now = options.now ?? Date.now;
  const counters = { memoHits: 0, hashed: 0 };

  // The memo's own checks are synchronous: a `stat` of a cached inode takes microseconds, while each
  // trip through libuv's pool costs a wake-up of this thread, which a loaded machine makes milliseconds
  // (a no-op re-run is mostly such checks). Reading a file's bytes stays asynchronous.
  async function hashFile(path: string, signal?: AbortSignal): Promise<FileDigest> {
    const absolute = resolve(path);
    const before = statSync(absolute, { bigint: true });
    const entry = memo.get(absolute);
    if (entry && isMemoFresh(entry, before)) {
      counters.memoHits += 1;
      return { digest: entry.digest, size: entry.size };
    }
    const hashedAtMs = now();
    const result = await hashFileContent(absolute, signal);
    counters.hashed += 1;
    const after = await stat(absolute, { bigint: true });
    // Changed while being read: the digest describes no single state of the file, so do not memoise it.
    if (after.mtimeNs === before.mtimeNs && after.size === before.size && Number(after.size) === result.size) {
      memo.set(absolute, memoEntryFor(after, result.digest, hashedAtMs));
    } else {
      memo.delete(absolute);
    }
    return result;
  }

  async function hashDirectory(path: string, signal?: AbortSignal) {
    const manifest: ManifestEntry[] = [];
    async function walk(dir: string, prefix: string): Promise<void> {
      const names = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const dirent of names) {
        const full = join(dir, dirent.name);
        const rel = prefix ? `${prefix}/${dirent.name}` : dirent.name;
        const isDir = dirent.isDirectory() || (dirent.isSymbolicLink() && statSync(full).isDirectory());
        if (isDir) await walk(full, rel);
        else manifest.push({ path: rel, ...(await hashFile(full, signal)) });
      }
    }
    await walk(resolve(path), '');
    const size = manifest.reduce((sum, e) => sum + e.size, 0);
    return { digest: sha256Digest(canonicalJson({ type: 'directory', entries: manifest })), size, manifest };
  }

  async function hashPath(path: string, signal?: AbortSignal): Promise<PathDigest> {
    const info = statSync(path);
    if (info.isDirectory()) {
      const { digest, size } = await hashDirectory(path, signal);
      return { digest, size, layout: 'directory' };
    }
    return { ...(await hashFile(path, signal)), layout: 'file' };
  }

  async function remember(path: string, digest: string, hashedAtMs: number): Promise<void> {
    const absolute = resolve(path);
    memo.set(absolute, memoEntryFor(statSync(absolute, { bigint: true }), digest, hashedAtMs));
  }

  const ingestPrefix = `${options.ingestKey}|`;

  /** The memo's entry for the file, when it describes the file's current state (as `hashFile` trusts it). */
  function freshEntry(absolute: string): MemoEntry | undefined {
    const entry = memo.get(absolute);
    const current = entry && statSync(absolute, { bigint: true, throwIfNoEntry: false });
    return current && entry && isMemoFresh(entry, current) ? entry : undefined;
  }

  function ingested(path: string, kind: string): unknown {
    if (options.ingestKey === undefined) return undefined;
    return freshEntry(resolve(path))?.ingested?.[ingestPrefix + kind];
  }

  function rememberIngested(path: string, kind: string, meta: unknown): void {
    if (options.ingestKey === undefined) return;
    const absolute = resolve(path);
    // Only beside a digest of this very state: the file may have changed since it was ingested.
    const entry = freshEntry(absolute);
    if (!entry) return;
    const kept = Object.fromEntries(Object.entries(entry.ingested ?? {}).filter(([slot]) => slot.startsWith(ingestPrefix)));
    memo.set(absolute, { ...entry, ingested: { ...kept, [ingestPrefix + kind]: meta } });
  }

  return {
    hashFile,
    hashDirectory,
    hashPath,
    hashWithCompanions: (path, companions) => hashWithCompanions((p) => hashFile(p), path, companions),
    remember,
    ingested,
    rememberIngested,
    save: () => memo.save(),
    counters,
    now,
  };
}
