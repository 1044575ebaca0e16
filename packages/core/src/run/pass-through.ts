import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, readlink, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Artifact } from '@pipeline/sdk';

/** An input artifact a stage may pass through as an output, with the files that make it up. */
export interface PassThroughSource {
  artifact: Artifact;
  /** Files beside it that belong to it (an ONNX model's external data), relative to its folder. */
  companions: readonly string[];
}

/**
 * A stage that returns one of its inputs as an output (`inspect` passes the model through) places it
 * with `placeOutput`. A hard link would do, but it changes the file's link count and ctime, so the stat
 * memo would re-read a user's multi-GB model on every run, and the store would then copy it. Instead the
 * runner places a symlink and remembers it: an output that is exactly an input (the file and all its
 * companions) is recorded as that input's artifact, where it already is; any other use of such a link is
 * replaced by a real copy before the outputs are committed (`materialize`).
 */
export class PassThroughLinks {
  /** Input file (absolute) → the artifact it belongs to. */
  private readonly sources = new Map<string, PassThroughSource>();
  /** Link placed in outDir (absolute) → the input file it points at. */
  readonly links = new Map<string, string>();

  constructor(sources: readonly PassThroughSource[] = []) {
    for (const source of sources) {
      this.sources.set(source.artifact.path, source);
      for (const rel of source.companions) this.sources.set(join(dirname(source.artifact.path), ...rel.split('/')), source);
    }
  }

  /** True when `placeOutput` should link to this file rather than copy it. */
  accepts(file: string): boolean {
    return this.sources.has(resolve(file));
  }

  record(link: string, source: string): void {
    this.links.set(resolve(link), resolve(source));
  }

  /**
   * The input artifact an output stands for when the output file and every companion it names are still
   * the links placed to exactly that artifact's files; otherwise undefined (the output is new content).
   */
  async artifactFor(outputPath: string, outputCompanions: readonly string[]): Promise<Artifact | undefined> {
    const target = await this.linkTarget(outputPath);
    const source = target === undefined ? undefined : this.sources.get(target);
    if (target === undefined || !source || source.artifact.path !== target) return undefined;
    const wanted = [...source.companions].sort();
    const given = [...new Set(outputCompanions)].sort();
    if (wanted.length !== given.length || wanted.some((rel, i) => rel !== given[i])) return undefined;
    for (const rel of given) {
      if ((await this.linkTarget(join(dirname(resolve(outputPath)), ...rel.split('/')))) !== join(dirname(target), ...rel.split('/'))) return undefined;
    }
    return source.artifact;
  }

  /** The input file a placed link points at, if `path` is still that link (a stage may have written over it). */
  private async linkTarget(path: string): Promise<string | undefined> {
    const link = resolve(path);
    const source = this.links.get(link);
    if (source === undefined) return undefined;
    const now = await readlink(link).catch(() => undefined);
    return now === source ? source : undefined;
  }

  /** Replaces every link at or under `path` by a copy of its file (a reflink where the file system can). */
  async materialize(path: string): Promise<void> {
    const root = resolve(path);
    for (const [link, source] of this.links) {
      const rel = relative(root, link);
      if (rel.startsWith('..') || isAbsolute(rel)) continue;
      // Replaced by the stage's own file since: that file is the content, not the input.
      if ((await this.linkTarget(link)) === undefined) {
        this.links.delete(link);
        continue;
      }
      const temp = join(dirname(link), `.${basename(link)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await copyFile(source, temp, constants.COPYFILE_FICLONE);
        await rename(temp, link);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      this.links.delete(link);
    }
  }
}
