// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is the pipeline expression syntax, not a JS template.
import { createHash } from 'node:crypto';
import { appendFile, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileHasher, loadPipeline, type RunRecord, runPlan, StageRegistry } from '@pipeline/core';
import { onnxModelKind } from '@pipeline/kinds';
import { createGraph, createModel, createNode, tensorToProto, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { defineStage, definePlugin, directoryKind, input, output, textKind } from '@pipeline/sdk';
import { plugin as inspectPlugin } from '@pipeline/stage-inspect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

// A literal path given to a kind port (`model: ./model.onnx`) stays where the user keeps it: hashed once,
// checked unchanged before and after each stage that reads it, passed through without a copy, and copied
// into the store only with `literal_inputs: copy`.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'literal-inputs-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const old = new Date(Date.now() - 60_000);
const sha = async (file: string) => `sha256:${createHash('sha256').update(await readFile(file)).digest('hex')}`;

/** Records the sha256 of the model it reads; with `append`, changes that file while it runs. */
const digestOf = defineStage({
  name: 'test/digest-of',
  version: 1,
  description: 'writes the sha256 of its input model',
  inputs: { model: input(onnxModelKind) },
  params: z.object({ append: z.boolean().default(false) }),
  outputs: { out: output(textKind) },
  async run({ inputs, params, writeOutput }) {
    const bytes = await readFile(inputs.model.path);
    if (params.append) await appendFile(inputs.model.path, Buffer.from([0x0a, 0x00]));
    await writeOutput('digest.txt', `sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    return { outputs: { out: { path: 'digest.txt', meta: {} } } };
  },
});

/** Overwrites a file given by path, standing for anything that edits a model while a run is under way. */
const overwrite = defineStage({
  name: 'test/overwrite',
  version: 1,
  description: 'copies one file over another',
  inputs: {},
  params: z.object({ from: z.string(), to: z.string() }),
  outputs: {},
  cacheable: false,
  async run({ params }) {
    await copyFile(params.from, params.to);
    return { outputs: {} };
  },
});

/** Places its input model inside a folder output: new content, which must not share the user's inode. */
const folderOf = defineStage({
  name: 'test/folder-of',
  version: 1,
  description: 'puts its input model in a folder',
  inputs: { model: input(onnxModelKind) },
  params: z.object({}),
  outputs: { folder: output(directoryKind) },
  async run({ inputs, placeOutput }) {
    await placeOutput(inputs.model.path, 'folder/model.onnx');
    return { outputs: { folder: { path: 'folder', meta: {} } } };
  },
});

/** Places its input, then writes its own text over the placed file: the output is that text. */
const placeThenWrite = defineStage({
  name: 'test/place-then-write',
  version: 1,
  description: 'places its input model, then replaces it with text',
  inputs: { model: input(onnxModelKind) },
  params: z.object({}),
  outputs: { out: output(textKind) },
  async run({ inputs, placeOutput, writeOutput }) {
    await placeOutput(inputs.model.path, 'out.txt');
    await writeOutput('out.txt', 'written by the stage');
    return { outputs: { out: { path: 'out.txt', meta: {} } } };
  },
});

const registry = StageRegistry.fromPlugins([inspectPlugin, definePlugin({ name: 'literal-test', stages: [digestOf, overwrite, folderOf, placeThenWrite] })]);

/** `y = x @ w`, w (3×2) inline, or in `weights/w.bin` beside the model (external data). */
async function writeMatMul(file: string, values: number[], external = false): Promise<void> {
  const data = Float32Array.from(values);
  const w = tensorToProto('w', { dtype: 'float32', shape: [3, 2], data });
  if (external) {
    const side = path.join(path.dirname(file), 'weights', 'w.bin');
    await mkdir(path.dirname(side), { recursive: true });
    await writeFile(side, new Uint8Array(data.buffer));
    await utimes(side, old, old);
    w.data = { location: 'external', path: 'weights/w.bin', file: side, offset: 0, length: 24, checksum: undefined };
  }
  const graph = createGraph({ inputs: [tensorValueInfo('x', 'float32', [1, 3])], outputs: [tensorValueInfo('y', 'float32', [1, 2])], initializers: [w], nodes: [createNode('MatMul', ['x', 'w'], ['y'])] });
  await writeModel(createModel(graph), file);
  // Out of the racy window, as a model saved a while ago would be.
  await utimes(file, old, old);
}

async function run(yaml: string): Promise<RunRecord> {
  await writeFile(path.join(dir, 'deploy.yaml'), yaml);
  const workspace = path.join(dir, '.pipeline');
  const hasher = await createFileHasher({ memoFile: path.join(workspace, 'hash-memo.json') });
  const { plan } = await loadPipeline('deploy.yaml', { registry, cwd: dir, env: {}, hashFile: (p) => hasher.hashPath(p) });
  return runPlan(plan, { workspace, hasher, concurrency: 1 });
}

/** Every file under the store, as paths relative to it. */
async function storeFiles(): Promise<string[]> {
  const root = path.join(dir, '.pipeline', 'store');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

const statuses = (record: RunRecord) => Object.fromEntries(record.stages.map((s) => [s.id, s.status]));
const INSPECT_AND_READ = 'stages:\n  inspect:\n    uses: inspect\n    with: { model: ./mm.onnx, fail_on: never }\n  read:\n    uses: test/digest-of\n    with: { model: "${{ stages.inspect.outputs.model }}" }\n';

describe('a literal input to a kind port', () => {
  it('is passed through where it is: no store object, link count 1, with its external data', async () => {
    const model = path.join(dir, 'mm.onnx');
    await writeMatMul(model, [1, 2, 3, 4, 5, 6], true);
    const first = await run(INSPECT_AND_READ);
    expect(statuses(first)).toEqual({ inspect: 'succeeded', read: 'succeeded' });
    const passed = first.stages[0]!.outputs.model!;
    expect(passed.path).toBe(model);
    expect(passed.meta).toMatchObject({ externalData: ['weights/w.bin'] });
    // The store holds the inspection, the model card and the reader's text, and nothing of the model's size.
    const sizes = await Promise.all((await storeFiles()).map(async (f) => (await stat(path.join(dir, '.pipeline', 'store', f))).size));
    expect(sizes).not.toContain((await stat(model)).size);
    expect(sizes).not.toContain(24);
    expect((await stat(model)).nlink).toBe(1);
    expect((await stat(path.join(dir, 'weights', 'w.bin'))).nlink).toBe(1);
    // The reader got the user's own bytes.
    expect(await readFile(first.stages[1]!.outputs.out!.path, 'utf8')).toBe(await sha(model));

    const second = await run(INSPECT_AND_READ);
    expect(statuses(second)).toEqual({ inspect: 'cached', read: 'cached' });
    expect(second.stages[0]!.outputs.model!.path).toBe(model);
  });

  it('edited between runs, re-runs its consumers with the new bytes; restored, hits the cache again', async () => {
    const model = path.join(dir, 'mm.onnx');
    const other = path.join(dir, 'other.onnx');
    await writeMatMul(model, [1, 2, 3, 4, 5, 6]);
    await writeMatMul(other, [6, 5, 4, 3, 2, 1]);
    const original = await readFile(model);
    await run(INSPECT_AND_READ);

    await copyFile(other, model);
    await utimes(model, old, old);
    const edited = await run(INSPECT_AND_READ);
    expect(statuses(edited)).toEqual({ inspect: 'succeeded', read: 'succeeded' });
    expect(await readFile(edited.stages[1]!.outputs.out!.path, 'utf8')).toBe(await sha(other));

    await writeFile(model, original);
    await utimes(model, old, old);
    const restored = await run(INSPECT_AND_READ);
    expect(statuses(restored)).toEqual({ inspect: 'cached', read: 'cached' });
    expect(await readFile(restored.stages[1]!.outputs.out!.path, 'utf8')).toBe(await sha(model));
  });

  it('changed after it was hashed and before a stage reads it: the stage errors, nothing is cached', async () => {
    const model = path.join(dir, 'mm.onnx');
    await writeMatMul(model, [1, 2, 3, 4, 5, 6]);
    await writeMatMul(path.join(dir, 'other.onnx'), [6, 5, 4, 3, 2, 1]);
    const unchanged = 'stages:\n  read:\n    uses: test/digest-of\n    with: { model: ./mm.onnx }\n';
    // The same pipeline without the edit is accepted and reads the file.
    expect(statuses(await run(unchanged))).toEqual({ read: 'succeeded' });
    await rm(path.join(dir, '.pipeline'), { recursive: true });

    const record = await run(`stages:\n  edit:\n    uses: test/overwrite\n    with: { from: ${path.join(dir, 'other.onnx')}, to: ${model} }\n  read:\n    uses: test/digest-of\n    needs: edit\n    with: { model: ./mm.onnx }\n`);
    expect(statuses(record)).toEqual({ edit: 'succeeded', read: 'errored' });
    expect(record.stages[1]!.error?.code).toBe('E_INPUT_CHANGED');
    expect(record.exitCode).toBe(3);
    expect(await readdir(path.join(dir, '.pipeline', 'cache')).catch(() => [])).toEqual([]);
  });

  it('changed while the stage that reads it runs: the stage errors and its output is neither stored nor cached', async () => {
    const model = path.join(dir, 'mm.onnx');
    await writeMatMul(model, [1, 2, 3, 4, 5, 6]);
    const record = await run('stages:\n  read:\n    uses: test/digest-of\n    with: { model: ./mm.onnx, append: true }\n');
    expect(record.stages[0]!.status).toBe('errored');
    expect(record.stages[0]!.error?.code).toBe('E_INPUT_CHANGED');
    expect(await storeFiles()).toEqual([]);
    expect(await readdir(path.join(dir, '.pipeline', 'cache')).catch(() => [])).toEqual([]);
  });

  it('placed inside a new output folder, is stored as a real copy, leaving the user\'s file alone', async () => {
    const model = path.join(dir, 'mm.onnx');
    await writeMatMul(model, [1, 2, 3, 4, 5, 6]);
    const record = await run('stages:\n  pack:\n    uses: test/folder-of\n    with: { model: ./mm.onnx }\n');
    expect(record.stages[0]!.status).toBe('succeeded');
    const kept = path.join(record.stages[0]!.outputs.folder!.path, 'model.onnx');
    expect(await sha(kept)).toBe(await sha(model));
    const [user, stored] = [await stat(model), await stat(kept)];
    expect(stored.ino).not.toBe(user.ino);
    expect(user.nlink).toBe(1);
    expect(user.mode & 0o200).toBe(0o200);
    await appendFile(model, Buffer.from([0x0a, 0x00]));
    expect(await sha(kept)).not.toBe(await sha(model));
  });

  it('placed, then written over by the stage: the stage\'s own file is stored, the user\'s is untouched', async () => {
    const model = path.join(dir, 'mm.onnx');
    await writeMatMul(model, [1, 2, 3, 4, 5, 6]);
    const before = await sha(model);
    const record = await run('stages:\n  w:\n    uses: test/place-then-write\n    with: { model: ./mm.onnx }\n');
    expect(record.stages[0]!.status).toBe('succeeded');
    const out = record.stages[0]!.outputs.out!;
    expect(out.path).not.toBe(model);
    expect(await readFile(out.path, 'utf8')).toBe('written by the stage');
    expect(await sha(model)).toBe(before);
  });

  it('with `literal_inputs: copy`, stages read an independent copy in the store', async () => {
    const model = path.join(dir, 'mm.onnx');
    await writeMatMul(model, [1, 2, 3, 4, 5, 6], true);
    const original = await sha(model);
    const record = await run(`literal_inputs: copy\n${INSPECT_AND_READ}`);
    expect(statuses(record)).toEqual({ inspect: 'succeeded', read: 'succeeded' });
    const copied = record.stages[0]!.outputs.model!;
    expect(path.relative(path.join(dir, '.pipeline', 'store'), copied.path)).toMatch(/^bundles\//);
    const [user, kept] = [await stat(model), await stat(copied.path)];
    expect(kept.ino).not.toBe(user.ino);
    expect(user.nlink).toBe(1);
    expect(user.mode & 0o200).toBe(0o200);
    expect(await readFile(path.join(path.dirname(copied.path), 'weights', 'w.bin'))).toEqual(await readFile(path.join(dir, 'weights', 'w.bin')));

    // The user's next edit does not reach the copy.
    await appendFile(model, Buffer.from([0x0a, 0x00]));
    expect(await sha(copied.path)).toBe(original);
    expect(await sha(model)).not.toBe(original);
  });
});
