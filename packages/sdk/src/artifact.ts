import type { z } from 'zod';

/**
 * A stage's product, content-addressed: `digest` is `sha256:<hex>` of the file (or of a directory's
 * manifest, or of the manifest of a file and its companions), so the cache keys on content, never on
 * paths or mtimes. `path` is read-only to consumers.
 */
export interface Artifact<Meta = unknown> {
  kind: string;
  digest: string;
  size: number;
  path: string;
  meta: Meta;
}

// biome-ignore lint/suspicious/noExplicitAny: kinds of any metadata relate as parent and child.
type SomeKind = ArtifactKind<string, any>;

/** What a literal path gets while it is being ingested (hashed and checked) at plan time. */
export interface IngestContext {
  /** The pipeline file's folder; relative paths in `with:` are resolved against it before ingest. */
  baseDir: string;
}

export interface ArtifactKindOptions<Meta> {
  /** The kind this one refines: a port that accepts the parent accepts this kind too. */
  parent?: SomeKind;
  description?: string;
  /** A single file or a folder (a Triton model repository, an ONNX model with external data). */
  layout?: 'file' | 'directory';
  /** File endings that make a literal path in `with:` an artifact of this kind, e.g. `['.onnx']`. */
  extensions?: readonly string[];
  /**
   * Reads a user's file named by a literal path and returns its metadata; throws
   * `InvalidInputError` when the file is not of this kind (an `.onnx` file that does not parse).
   */
  ingest?: (path: string, ctx: IngestContext) => Promise<Meta>;
  /**
   * The most precise kind for an artifact with this metadata, e.g. an ONNX model with
   * `com.microsoft` ops is `onnx-model/ort-only`. Returns undefined to keep this kind.
   */
  refine?: (meta: Meta) => SomeKind | undefined;
  /**
   * Files a single-file artifact needs beside it, as POSIX paths relative to its folder (an ONNX
   * model's external-data files). The digest covers them, the store keeps them beside the file with
   * the same relative paths, and a cache hit restores them. Sub-kinds inherit their parent's.
   */
  companions?: (path: string, meta: Meta) => readonly string[];
}

export interface ArtifactKind<Name extends string = string, Meta = unknown> {
  readonly name: Name;
  readonly meta: z.ZodType<Meta>;
  readonly parent: SomeKind | undefined;
  readonly description: string;
  readonly layout: 'file' | 'directory';
  readonly extensions: readonly string[];
  readonly ingest: ((path: string, ctx: IngestContext) => Promise<Meta>) | undefined;
  readonly refine: ((meta: Meta) => SomeKind | undefined) | undefined;
  readonly companions: ((path: string, meta: Meta) => readonly string[]) | undefined;
}

/** Declares an artifact kind. Sub-kinds (via `parent`) let a port be precise about what it accepts. */
export function defineArtifactKind<const Name extends string, Meta>(
  name: Name,
  meta: z.ZodType<Meta>,
  options: ArtifactKindOptions<Meta> = {},
): ArtifactKind<Name, Meta> {
  if (options.parent && options.layout && options.parent.layout !== options.layout) {
    throw new Error(`artifact kind ${name}: layout differs from its parent ${options.parent.name}`);
  }
  if (options.companions && (options.layout ?? options.parent?.layout) === 'directory') {
    throw new Error(`artifact kind ${name}: a folder kind cannot have companions (every file in it is already its content)`);
  }
  return Object.freeze({
    name,
    meta,
    parent: options.parent,
    description: options.description ?? '',
    layout: options.layout ?? options.parent?.layout ?? 'file',
    extensions: options.extensions ?? [],
    ingest: options.ingest,
    refine: options.refine,
    companions: options.companions ?? options.parent?.companions,
  });
}

/** True when `kind` is `ancestor` or one of its sub-kinds. */
export function isKindOf(kind: SomeKind, ancestor: SomeKind): boolean {
  for (let k: SomeKind | undefined = kind; k; k = k.parent) {
    if (k.name === ancestor.name) return true;
  }
  return false;
}

/** The kind's name followed by its ancestors', most precise first: `['onnx-model/ort-only', 'onnx-model', 'file']`. */
export function kindLineage(kind: SomeKind): string[] {
  const names: string[] = [];
  for (let k: SomeKind | undefined = kind; k; k = k.parent) names.push(k.name);
  return names;
}
