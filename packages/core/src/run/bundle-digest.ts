import { posix } from 'node:path';
import { canonicalJson, sha256Digest } from './canonical-json.js';
import type { FileDigest } from './hash-file.js';

/** One companion of a file: its path relative to the file's folder, and its content digest. */
export interface CompanionEntry {
  path: string;
  digest: string;
  size: number;
}

/** A file hashed with its companions: the manifest digest, the total size, and the parts. */
export interface BundleDigest extends FileDigest {
  main: FileDigest;
  companions: CompanionEntry[];
}

/**
 * The digest of a file and the files it needs beside it. The main file enters by content only (not by
 * name: a renamed model is the same model), companions by content and relative path (the model names
 * them). A file without companions keeps its own digest, so adding the mechanism changed no digest.
 */
export function bundleDigest(main: FileDigest, companions: readonly CompanionEntry[]): BundleDigest {
  const sorted = [...companions].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const size = sorted.reduce((sum, c) => sum + c.size, main.size);
  if (sorted.length === 0) return { digest: main.digest, size, main, companions: [] };
  const manifest = { type: 'file+companions', main: { digest: main.digest, size: main.size }, companions: sorted };
  return { digest: sha256Digest(canonicalJson(manifest)), size, main, companions: sorted };
}

/**
 * A companion's path in one spelling (`./w.bin` is `w.bin`), so equal bundles get equal digests.
 * Companions live inside the file's folder: a path that is absolute or climbs out (`..`) could not be
 * stored beside the file, and ONNX itself forbids such external-data locations.
 */
export function normalizeCompanionPath(rel: string): string {
  const normal = posix.normalize(rel);
  if (posix.isAbsolute(normal) || rel.includes('\\') || normal === '.' || normal === '..' || normal.startsWith('../') || normal.endsWith('/')) {
    throw new Error(`companion file "${rel}" must be a relative path inside the artifact's folder`);
  }
  return normal;
}
