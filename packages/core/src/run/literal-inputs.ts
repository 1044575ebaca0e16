import { StageFailedError } from '@pipeline/errors';
import type { Artifact } from '@pipeline/sdk';
import type { LiteralInput, LiteralInputMode } from '../plan/types.js';
import type { ContentStore } from './content-store.js';
import type { FileHasher } from './file-hasher.js';
import type { PassThroughSource } from './pass-through.js';
import { isArtifact } from '../is-artifact.js';

/** A stage's resolved inputs: one artifact, a `many` port's map of them, or nothing. */
export type StageInputs = Record<string, Artifact | Record<string, Artifact> | undefined>;

/**
 * The literal paths of a plan (`Plan.literals`) while it runs. In place (the default), a stage gets the
 * user's own file: before and after each stage that reads one, its stat is compared with the stat memo's
 * (size, times, inode, with git's racily-clean rule), which re-reads it only when something changed, so
 * a stage never works on bytes other than those its cache key names. With `literal_inputs: copy`, each
 * is copied (reflinked where the file system can) into the store on first use, and stages read the copy.
 */
export class LiteralInputs {
  private readonly byPath = new Map<string, LiteralInput[]>();
  private readonly copies = new Map<LiteralInput, Promise<Artifact['path']>>();
  /** Store path of a literal's copy → the literal's companions (a bundle's files, for pass-through). */
  private readonly copiedCompanions = new Map<string, readonly string[]>();

  constructor(
    literals: readonly LiteralInput[],
    readonly mode: LiteralInputMode,
    private readonly hasher: FileHasher,
    private readonly store: ContentStore,
  ) {
    for (const literal of literals) this.byPath.set(literal.path, [...(this.byPath.get(literal.path) ?? []), literal]);
  }

  /** The literal an artifact is (the same path, hashed to the same digest at plan time), if it is one. */
  find(artifact: Pick<Artifact, 'path' | 'digest'>): LiteralInput | undefined {
    if (this.store.contains(artifact.path)) return undefined;
    return this.byPath.get(artifact.path)?.find((l) => l.digest === artifact.digest);
  }

  /** What the literal hashes to now (a `stat` per file when unchanged), or undefined when it is gone. */
  async currentDigest(literal: LiteralInput): Promise<string | undefined> {
    try {
      if (literal.layout === 'directory') return (await this.hasher.hashDirectory(literal.path)).digest;
      return (await this.hasher.hashWithCompanions(literal.path, literal.companions)).digest;
    } catch {
      return undefined;
    }
  }

  /** Throws `E_INPUT_CHANGED` when the literal no longer holds the bytes it was hashed as. */
  async verify(literal: LiteralInput, stageId: string, when: 'before' | 'while'): Promise<void> {
    const found = await this.currentDigest(literal);
    if (found === literal.digest) return;
    const what = found === undefined ? 'is gone' : `now hashes to ${found}`;
    throw new StageFailedError(
      'E_INPUT_CHANGED',
      `input ${literal.path} changed ${when === 'before' ? `before stage ${stageId} could read it` : `while stage ${stageId} ran`}: it was hashed as ${literal.digest} when the run was planned, and ${what}`,
      {
        stage: stageId,
        hint: 'stages read a literal input where it is, so it must not change during a run: run again to use the new content, or set `literal_inputs: copy` in the pipeline file to give stages a copy taken when they first need it',
      },
    );
  }

  /**
   * The inputs as the stage gets them: literals verified where they are, or (copy mode) replaced by
   * their copies in the store. Store objects pass unchanged: the cache lookup has verified them.
   */
  async prepare(inputs: StageInputs, stageId: string): Promise<StageInputs> {
    const prepared: StageInputs = {};
    for (const [name, value] of Object.entries(inputs)) {
      if (value === undefined) prepared[name] = undefined;
      else if (isArtifact(value)) prepared[name] = await this.prepareOne(value, stageId);
      else {
        const map: Record<string, Artifact> = {};
        for (const [key, artifact] of Object.entries(value)) map[key] = await this.prepareOne(artifact, stageId);
        prepared[name] = map;
      }
    }
    return prepared;
  }

  /** After the stage ran: every literal it read in place still holds the bytes it was hashed as. */
  async verifyAfter(inputs: StageInputs, stageId: string): Promise<void> {
    for (const artifact of artifactsOf(inputs)) {
      const literal = this.find(artifact);
      if (literal) await this.verify(literal, stageId, 'while');
    }
  }

  /**
   * The inputs a stage may pass through as outputs without a copy (pass-through.ts): literal files where
   * they are, their copies, and plain files of the store. Folders and other bundles are copied as before.
   */
  passThroughSources(inputs: StageInputs): PassThroughSource[] {
    const sources: PassThroughSource[] = [];
    for (const artifact of artifactsOf(inputs)) {
      const literal = this.find(artifact);
      const companions = literal?.layout === 'file' ? literal.companions : this.copiedCompanions.get(artifact.path);
      if (companions) sources.push({ artifact, companions });
      else if (!literal && this.store.holdsPlainFile(artifact.path)) sources.push({ artifact, companions: [] });
    }
    return sources;
  }

  private async prepareOne(artifact: Artifact, stageId: string): Promise<Artifact> {
    const literal = this.find(artifact);
    if (!literal) return artifact;
    if (this.mode === 'in-place') {
      await this.verify(literal, stageId, 'before');
      return artifact;
    }
    let copy = this.copies.get(literal);
    if (!copy) {
      copy = this.copyIntoStore(literal, stageId);
      this.copies.set(literal, copy);
    }
    return { ...artifact, path: await copy };
  }

  private async copyIntoStore(literal: LiteralInput, stageId: string): Promise<string> {
    const stored = await this.store.copyIn(literal.path, literal.layout, literal.companions);
    if (stored.digest !== literal.digest) {
      // The copy is of the bytes there now: they are not the ones the cache key names.
      await this.verify(literal, stageId, 'before');
      throw new Error(`the copy of ${literal.path} hashes to ${stored.digest}, not ${literal.digest}`);
    }
    if (literal.layout === 'file') this.copiedCompanions.set(stored.path, literal.companions);
    return stored.path;
  }
}

/** Every artifact of a stage's inputs, flattening `many` ports. */
export function artifactsOf(inputs: StageInputs): Artifact[] {
  return Object.values(inputs).flatMap((value) => (value === undefined ? [] : isArtifact(value) ? [value] : Object.values(value)));
}
