import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileHasher, explainStage, loadPipeline, type RunRecord, runPlan, StageRegistry } from '@pipeline/core';
import { createGraph, createModel, createNode, tensorToProto, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { plugin as inspectPlugin } from '@pipeline/stage-inspect';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// An ONNX model whose weights live in a side file: the side file is part of the model's digest,
// travels into the store with it (`literal_inputs: copy`; in place, see literal-inputs.test.ts), and
// comes back on a cache hit.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'external-data-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const registry = StageRegistry.fromPlugins([inspectPlugin]);
const old = new Date(Date.now() - 60_000);

/** `y = x @ w` with w (3×2) in `weights/w.bin`, as the ONNX external-data convention stores it. */
async function writeWeights(values: number[]): Promise<void> {
  await mkdir(path.join(dir, 'weights'), { recursive: true });
  await writeFile(path.join(dir, 'weights', 'w.bin'), new Uint8Array(Float32Array.from(values).buffer));
  // Out of the racy window, as a file edited a while ago would be.
  await utimes(path.join(dir, 'weights', 'w.bin'), old, old);
}

async function writeMatMulModel(): Promise<void> {
  await writeWeights([1, 2, 3, 4, 5, 6]);
  const w = tensorToProto('w', { dtype: 'float32', shape: [3, 2], data: new Float32Array(6) });
  w.data = { location: 'external', path: 'weights/w.bin', file: path.join(dir, 'weights', 'w.bin'), offset: 0, length: 24, checksum: undefined };
  const graph = createGraph({
    inputs: [tensorValueInfo('x', 'float32', [1, 3])],
    outputs: [tensorValueInfo('y', 'float32', [1, 2])],
    initializers: [w],
    nodes: [createNode('MatMul', ['x', 'w'], ['y'])],
  });
  await writeModel(createModel(graph), path.join(dir, 'mm.onnx'));
  await utimes(path.join(dir, 'mm.onnx'), old, old);
  await writeFile(path.join(dir, 'deploy.yaml'), 'literal_inputs: copy\nstages:\n  inspect:\n    uses: inspect\n    with: { model: ./mm.onnx, fail_on: never }\n');
}

async function load() {
  const workspace = path.join(dir, '.pipeline');
  const hasher = await createFileHasher({ memoFile: path.join(workspace, 'hash-memo.json') });
  const { plan } = await loadPipeline('deploy.yaml', { registry, cwd: dir, env: {}, hashFile: (p) => hasher.hashPath(p) });
  return { plan, hasher, workspace };
}

async function run(): Promise<RunRecord> {
  const { plan, hasher, workspace } = await load();
  return runPlan(plan, { workspace, hasher, concurrency: 1 });
}

const sha = async (file: string) => `sha256:${createHash('sha256').update(await readFile(file)).digest('hex')}`;

async function runStored(modelPath: string): Promise<number[]> {
  const session = await InferenceSession.create(modelPath);
  const out = await session.run({ x: new OrtTensor('float32', Float32Array.from([1, 1, 1]), [1, 3]) });
  await session.release();
  return Array.from(out.y!.data as Float32Array);
}

describe('an onnx-model with external data', () => {
  it('is digested with its side file, stored with it, and a changed side file misses the cache', async () => {
    await writeMatMulModel();
    const first = await run();
    expect(first.stages[0]!.status).toBe('succeeded');
    const inputDigest = first.stages[0]!.cache!.components.inputs.model as string;
    // Not the .onnx file's own digest: the side file is in it.
    expect(inputDigest).not.toBe(await sha(path.join(dir, 'mm.onnx')));

    const stored = first.stages[0]!.outputs.model!;
    expect(stored.meta).toMatchObject({ externalData: ['weights/w.bin'] });
    expect(await readFile(path.join(path.dirname(stored.path), 'weights', 'w.bin'))).toEqual(await readFile(path.join(dir, 'weights', 'w.bin')));
    // [1,1,1] @ w = column sums: [1+3+5, 2+4+6].
    expect(await runStored(stored.path)).toEqual([9, 12]);

    expect((await run()).stages[0]!.status).toBe('cached');
    // The store copied the user's side file rather than sharing its inode (and its read-only mode).
    const [user, kept] = [await stat(path.join(dir, 'weights', 'w.bin')), await stat(path.join(path.dirname(stored.path), 'weights', 'w.bin'))];
    expect(user.ino).not.toBe(kept.ino);
    expect(user.mode & 0o200).toBe(0o200);

    // Only the side file changes (same size, so only content tells).
    await writeWeights([1, 0, 0, 1, 0, 0]);
    const { plan, hasher, workspace } = await load();
    const explained = await explainStage(plan, 'inspect', { workspace, hasher });
    expect(explained.verdict).toBe('will-run');
    expect(explained.changes).toEqual([{ component: 'input', name: 'model', before: inputDigest, after: expect.stringMatching(/^sha256:/) }]);
    expect(explained.changes[0]!.after).not.toBe(inputDigest);

    const second = await run();
    expect(second.stages[0]!.status).toBe('succeeded');
    const restored = second.stages[0]!.outputs.model!;
    expect(restored.digest).not.toBe(stored.digest);
    expect(await runStored(restored.path)).toEqual([1, 1]);
    // The first bundle is untouched: its model still finds its own weights.
    expect(await runStored(stored.path)).toEqual([9, 12]);
  });

  it('a stored side file that was removed is detected and the stage rebuilt, side file restored', async () => {
    await writeMatMulModel();
    const first = await run();
    const stored = first.stages[0]!.outputs.model!;
    const bundle = path.dirname(stored.path);
    await rm(path.join(bundle, 'weights'), { recursive: true, force: true });
    const second = await run();
    expect(second.stages[0]!.status).toBe('succeeded');
    expect(second.stages[0]!.outputs.model!.digest).toBe(stored.digest);
    expect(await readdir(path.join(bundle, 'weights'))).toEqual(['w.bin']);
    expect(await runStored(stored.path)).toEqual([9, 12]);
  });
});
