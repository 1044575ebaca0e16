import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '@pipeline/errors';
import type { AnyKind, Artifact, InputPort } from '@pipeline/sdk';
import { DiagnosticCode } from '../config/codes.js';
import type { NodePath, PipelineSource } from '../config/source.js';
import { normalizeCompanionPath } from '../run/bundle-digest.js';
import { type FileHasher, type HashFile, hashWithCompanions } from '../run/file-hasher.js';
import { checkKind, kindForPath } from './kind-check.js';
import type { LiteralInput } from './types.js';

export interface IngestOptions {
  source: PipelineSource;
  baseDir: string;
  kinds: readonly AnyKind[];
  hashFile: HashFile;
  diagnostics: Diagnostic[];
  /** Every path ingested, as hashed, for the runner to verify on use (`Plan.literals`). */
  literals: LiteralInput[];
  /**
   * What kinds read from files whose state the workspace's stat memo vouches for: a model that has not
   * changed since the last run is not parsed again (`FileHasher.ingested`). Absent: every file is read.
   */
  ingestMemo?: Pick<FileHasher, 'ingested' | 'rememberIngested'>;
}

/**
 * Makes the planner's `ingest`: a literal path in `with:` is resolved against the pipeline file's
 * folder, read by its kind's `ingest` (an `.onnx` must parse as ONNX), hashed, refined to its precise
 * sub-kind and checked against the port. Each file is read once however many stages name it.
 */
export function createIngest(options: IngestOptions) {
  const memo = new Map<string, Promise<{ artifact: Artifact; kind: AnyKind } | { error: string; hint?: string }>>();
  const load = (absolute: string, kind: AnyKind) => {
    const key = `${kind.name}\0${absolute}`;
    let pending = memo.get(key);
    if (!pending) {
      pending = readArtifact(absolute, kind, options);
      memo.set(key, pending);
    }
    return pending;
  };
  return async (relativePath: string, port: InputPort, nodePath: NodePath, stageId: string): Promise<Artifact | undefined> => {
    const absolute = path.resolve(options.baseDir, relativePath);
    const result = await load(absolute, kindForPath(absolute, port, options.kinds));
    if ('error' in result) {
      options.diagnostics.push(options.source.diagnostic(nodePath, 'value', DiagnosticCode.Ingest, result.error, { ...(result.hint ? { hint: result.hint } : {}), stage: stageId }));
      return undefined;
    }
    const problem = checkKind(result.kind, port, String(nodePath[nodePath.length - 1]), relativePath);
    if (problem) {
      options.diagnostics.push(options.source.diagnostic(nodePath, 'value', problem.code, problem.message, { hint: problem.hint, stage: stageId }));
      return undefined;
    }
    return result.artifact;
  };
}

async function readArtifact(absolute: string, kind: AnyKind, options: IngestOptions): Promise<{ artifact: Artifact; kind: AnyKind } | { error: string; hint?: string }> {
  // Relative to the pipeline file when inside its folder, else the absolute path as written (never `../../work/…`).
  const relative = path.relative(options.baseDir, absolute);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return { error: `${shown} cannot be read (${code ?? String(error)})` };
    return { error: `${shown}: no such file (resolved to ${absolute})`, hint: 'paths in `with:` are relative to the pipeline file' };
  }
  const wantsFolder = kind.layout === 'directory';
  if (info.isDirectory() !== wantsFolder) {
    return {
      error: `${shown} is a ${info.isDirectory() ? 'folder' : 'file'}; this input takes a ${wantsFolder ? 'folder' : 'file'} (${kind.name})`,
      hint: wantsFolder ? 'give the folder that holds the files' : 'give the file itself, not the folder it is in',
    };
  }
  // A file kind's ingest (an ONNX model's graph read) is remembered beside the file's digest; what is
  // remembered must still be valid metadata of the kind, or the file is read again.
  const memoizable = kind.ingest !== undefined && !wantsFolder;
  const remembered = memoizable ? options.ingestMemo?.ingested(absolute, kind.name) : undefined;
  const fromMemo = remembered === undefined ? undefined : kind.meta.safeParse(remembered);
  let checked = fromMemo?.success ? fromMemo : undefined;
  if (checked === undefined) {
    let meta: unknown = {};
    if (kind.ingest) {
      try {
        meta = await kind.ingest(absolute, { baseDir: options.baseDir });
      } catch (error) {
        const hint = (error as { hint?: string }).hint;
        return { error: `${shown} is not a valid ${kind.name}: ${(error as Error).message}`, ...(hint ? { hint } : {}) };
      }
    }
    const parsed = kind.meta.safeParse(meta);
    if (!parsed.success) return { error: `${shown}: metadata read as ${kind.name} is invalid: ${parsed.error.issues[0]?.message ?? ''}` };
    checked = parsed;
  }
  const refined = kind.refine?.(checked.data) ?? kind;
  // A file its kind says travels with others (an ONNX model's external data) is hashed with them.
  let hashed: { digest: string; size: number };
  try {
    hashed = await hashWithCompanions(options.hashFile, absolute, refined.companions?.(absolute, checked.data) ?? []);
  } catch (error) {
    return { error: `${shown}: ${(error as Error).message}` };
  }
  const { digest, size } = hashed;
  if (memoizable && !fromMemo?.success) options.ingestMemo?.rememberIngested(absolute, kind.name, checked.data);
  if (!options.literals.some((l) => l.path === absolute && l.digest === digest)) {
    const companions = refined.layout === 'file' ? [...new Set((refined.companions?.(absolute, checked.data) ?? []).map(normalizeCompanionPath))].sort() : [];
    options.literals.push({ path: absolute, layout: refined.layout, digest, size, companions });
  }
  return { artifact: { kind: refined.name, digest, size, path: absolute, meta: checked.data }, kind: refined };
}
