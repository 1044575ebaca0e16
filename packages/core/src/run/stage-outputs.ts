import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { type AnyKind, isKindOf, type OutputPort, type OutputValue } from '@pipeline/sdk';
import type { PlannedStage } from '../plan/types.js';
import { normalizeCompanionPath } from './bundle-digest.js';
import type { ContentStore, OnRepair } from './content-store.js';
import type { PassThroughLinks } from './pass-through.js';
import type { RecordedArtifact } from './run-record.js';
import { stageBug } from './stage-result.js';
import { StageFailedError } from '@pipeline/errors';

/** An output `run` returned, checked: inside outDir, of the declared kind, with valid metadata. */
export interface CheckedOutput {
  name: string;
  path: string;
  kind: AnyKind;
  meta: unknown;
}

/**
 * Checks what `run` returned against the stage's output ports: every required output present,
 * inside `outDir`, existing with the kind's layout, of the planned kind (or a sub-kind), and `meta`
 * accepted by the kind's zod schema.
 */
export async function checkStageOutputs(stage: PlannedStage, returned: Record<string, OutputValue | undefined>, outDir: string, passThrough?: PassThroughLinks): Promise<CheckedOutput[]> {
  const ports = stage.stage.outputs as Record<string, OutputPort>;
  for (const name of Object.keys(returned)) {
    if (!(name in ports)) throw stageBug(stage, 'E_OUTPUT_UNKNOWN', `returned output "${name}", which it does not declare`);
  }
  const checked: CheckedOutput[] = [];
  for (const [name, port] of Object.entries(ports)) {
    const value = returned[name];
    if (value === undefined) {
      if (port.optional) continue;
      throw stageBug(stage, 'E_OUTPUT_MISSING', `did not return its output "${name}"`);
    }
    const path = resolve(outDir, value.path);
    const rel = relative(outDir, path);
    if (rel.startsWith('..') || isAbsolute(rel)) throw stageBug(stage, 'E_OUTPUT_OUTSIDE', `output "${name}" (${value.path}) is outside its outDir`);
    const planned = stage.outputKinds[name] ?? port.kind;
    const kind = value.kind ?? planned;
    if (!isKindOf(kind, planned)) throw stageBug(stage, 'E_OUTPUT_KIND', `output "${name}" is a ${kind.name}, but the plan promised a ${planned.name}`);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw stageBug(stage, 'E_OUTPUT_MISSING', `output "${name}" points at ${value.path}, which does not exist`);
    if (info.isDirectory() !== (kind.layout === 'directory')) {
      throw stageBug(stage, 'E_OUTPUT_LAYOUT', `output "${name}" must be a ${kind.layout === 'directory' ? 'folder' : 'file'} (kind ${kind.name})`);
    }
    const parsed = kind.meta.safeParse(value.meta ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(meta)'}: ${i.message}`).join('; ');
      throw stageBug(stage, 'E_OUTPUT_META', `output "${name}" has metadata that kind ${kind.name} rejects: ${issues}`);
    }
    await refuseEscapingLinks(stage, name, path, outDir, passThrough);
    await checkCompanions(stage, name, path, kind, parsed.data);
    checked.push({ name, path, kind, meta: parsed.data });
  }
  return checked;
}

/**
 * A symlink in an output (the output itself, or anything in an output folder) must resolve inside
 * outDir: the store keeps links as they are, so one to /etc/… (or to a file of the work folder, gone
 * after the stage) would be served to every later stage and cached. Refused, naming the link. The links
 * `placeOutput` itself made to the stage's inputs are the runner's own (pass-through.ts).
 */
async function refuseEscapingLinks(stage: PlannedStage, name: string, path: string, outDir: string, passThrough: PassThroughLinks | undefined): Promise<void> {
  const root = await realpath(outDir);
  const pending = [path];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    const info = await lstat(current);
    if (info.isSymbolicLink() && passThrough?.links.get(current) === (await readlink(current).catch(() => undefined))) continue;
    if (info.isSymbolicLink()) {
      const target = await realpath(current).catch(() => undefined);
      const rel = target === undefined ? '..' : relative(root, target);
      if (rel.startsWith('..') || isAbsolute(rel)) {
        throw new StageFailedError('E_OUTPUT_SYMLINK', `output "${name}" of stage ${stage.id}: ${relative(outDir, current)} is a symlink to ${target ?? 'a missing file'}, outside the stage's output folder`, {
          hint: 'write (or copy) the file itself as the output, not a link to it',
        });
      }
    } else if (info.isDirectory()) {
      for (const entry of await readdir(current)) pending.push(join(current, entry));
    }
  }
}

/** The files an output's kind says must travel with it (an ONNX model's external data); none for a folder. */
function companionsOf(output: Pick<CheckedOutput, 'path' | 'kind' | 'meta'>): readonly string[] {
  return output.kind.layout === 'file' ? (output.kind.companions?.(output.path, output.meta) ?? []) : [];
}

/** Every companion the output's metadata names is a file inside its folder: the store could not keep it otherwise. */
async function checkCompanions(stage: PlannedStage, name: string, path: string, kind: AnyKind, meta: unknown): Promise<void> {
  for (const rel of companionsOf({ path, kind, meta })) {
    let normal: string;
    try {
      normal = normalizeCompanionPath(rel);
    } catch (error) {
      throw stageBug(stage, 'E_OUTPUT_OUTSIDE', `output "${name}": ${(error as Error).message}`);
    }
    const info = await stat(join(dirname(path), ...normal.split('/'))).catch(() => undefined);
    if (!info?.isFile()) throw stageBug(stage, 'E_OUTPUT_MISSING', `output "${name}" needs "${rel}" beside it (its metadata names it), which was not written`);
  }
}

/**
 * Moves checked outputs into the content store, with their companions; returns them as recorded
 * artifacts. An output that is exactly one of the stage's inputs, passed through, is recorded where that
 * input is (its store object, or the user's literal file): nothing is hashed or copied again.
 */
export async function commitOutputs(outputs: CheckedOutput[], store: ContentStore, onRepair?: OnRepair, passThrough?: PassThroughLinks): Promise<Record<string, RecordedArtifact>> {
  const recorded: Record<string, RecordedArtifact> = {};
  for (const output of outputs) {
    const companions = companionsOf(output);
    const same = output.kind.layout === 'file' ? await passThrough?.artifactFor(output.path, companions.map(normalizeCompanionPath)) : undefined;
    if (same) {
      recorded[output.name] = { kind: output.kind.name, digest: same.digest, size: same.size, path: same.path, meta: output.meta };
      continue;
    }
    for (const file of [output.path, ...companions.map((rel) => join(dirname(output.path), ...normalizeCompanionPath(rel).split('/')))]) await passThrough?.materialize(file);
    const stored =
      output.kind.layout === 'directory'
        ? await store.putDirectory(output.path, onRepair)
        : companions.length > 0
          ? await store.putWithCompanions(output.path, companions, onRepair)
          : await store.putFile(output.path, basename(output.path), onRepair);
    recorded[output.name] = { kind: output.kind.name, digest: stored.digest, size: stored.size, path: stored.path, meta: output.meta };
  }
  return recorded;
}
