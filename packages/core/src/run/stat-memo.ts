import type { BigIntStats } from 'node:fs';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What identifies a file's state without reading it; a change in any field means "re-hash". */
export interface MemoEntry {
  dev: string;
  ino: string;
  size: number;
  mtimeNs: string;
  ctimeNs: string;
  digest: string;
  /** Wall-clock ms when hashing began: a write after it may share the mtime of the hashed state. */
  hashedAtMs: number;
  /**
   * What kinds' `ingest` read from this state of the file, by `<code key>|<kind name>` (see
   * `FileHasher.ingested`); only the current code key's are kept. Dropped with the entry when the file changes.
   */
  ingested?: Record<string, unknown>;
}

/**
 * How close to the hashing time an mtime must be for the entry to be "racily clean" (git's term):
 * a write in the same timestamp tick as the hash would leave (size, mtime) unchanged. File systems
 * with whole-second timestamps get 2 s; nanosecond ones 20 ms, covering the kernel's coarse clock tick.
 */
export function racyWindowMs(mtimeNs: bigint): number {
  return mtimeNs % 1_000_000_000n === 0n ? 2000 : 20;
}

export function memoEntryFor(stat: BigIntStats, digest: string, hashedAtMs: number): MemoEntry {
  return {
    dev: String(stat.dev),
    ino: String(stat.ino),
    size: Number(stat.size),
    mtimeNs: String(stat.mtimeNs),
    ctimeNs: String(stat.ctimeNs),
    digest,
    hashedAtMs,
  };
}

/** True when the memo may be trusted for a file with this stat: same identity, not racily clean. */
export function isMemoFresh(entry: MemoEntry, stat: BigIntStats): boolean {
  if (
    entry.dev !== String(stat.dev) ||
    entry.ino !== String(stat.ino) ||
    entry.size !== Number(stat.size) ||
    entry.mtimeNs !== String(stat.mtimeNs) ||
    entry.ctimeNs !== String(stat.ctimeNs)
  ) {
    return false;
  }
  const mtimeMs = Number(stat.mtimeNs / 1_000_000n);
  return mtimeMs < entry.hashedAtMs - racyWindowMs(stat.mtimeNs);
}

/** Path → last known digest, persisted as one JSON file in the workspace. */
export class StatMemo {
  private readonly entries: Map<string, MemoEntry>;
  private dirty = false;

  private constructor(
    readonly file: string | undefined,
    entries: Map<string, MemoEntry>,
  ) {
    this.entries = entries;
  }

  /** Loads the memo; a missing or unreadable memo is an empty one (it is only an optimisation). */
  static async load(file: string | undefined): Promise<StatMemo> {
    const entries = new Map<string, MemoEntry>();
    if (file) {
      try {
        const data = JSON.parse(readFileSync(file, 'utf8')) as { version?: number; entries?: Record<string, MemoEntry> };
        if (data.version === 1 && data.entries) for (const [k, v] of Object.entries(data.entries)) entries.set(k, v);
      } catch {
        // Absent or corrupt: start empty; the next save rewrites it.
      }
    }
    return new StatMemo(file, entries);
  }

  get(path: string): MemoEntry | undefined {
    return this.entries.get(path);
  }

  set(path: string, entry: MemoEntry): void {
    this.entries.set(path, entry);
    this.dirty = true;
  }

  delete(path: string): void {
    if (this.entries.delete(path)) this.dirty = true;
  }

  /**
   * Writes the memo atomically (temp file, then rename) when it changed; small, so written synchronously.
   * The memo only saves re-hashing: a workspace this process may not write (`explain` on a read-only
   * checkout) keeps no memo, and the next invocation hashes again, rather than failing the command.
   */
  async save(): Promise<void> {
    if (!this.file || !this.dirty) return;
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(temp, JSON.stringify({ version: 1, entries: Object.fromEntries(this.entries) }));
      renameSync(temp, this.file);
    } catch (error) {
      if (!['EACCES', 'EPERM', 'EROFS'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
      rmSync(temp, { force: true });
      return;
    }
    this.dirty = false;
  }
}
