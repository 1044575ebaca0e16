import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InferenceSession } from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '@pipeline/errors';
import { createGraph, createModel, createNode, readModel, tensorValueInfo, walkNodes, writeModel } from '@pipeline/onnx';
import { openFolders, runUnprivileged } from '../../../test/support/as-unprivileged.js';
import { countOps } from '../../../test/support/onnx-wire.js';
import { ocrModels, sileroModelPath } from '../../../test/support/test-models.js';

const models = { ...ocrModels, silero: sileroModelPath() };

describe('readModel on real npm models', () => {
  for (const [label, path] of Object.entries(models)) {
    it(`${label}: IO matches ONNX Runtime's own view`, async () => {
      const model = await readModel(path);
      const session = await InferenceSession.create(path);
      const initializers = new Set(model.graph.initializers.map((t) => t.name));
      const inputs = model.graph.inputs.filter((v) => !initializers.has(v.name));
      expect(inputs.map((v) => v.name)).toEqual(session.inputNames);
      expect(model.graph.outputs.map((v) => v.name)).toEqual(session.outputNames);
      for (const [i, meta] of session.inputMetadata.entries()) {
        const type = inputs[i]?.type;
        if (!meta.isTensor || type?.kind !== 'tensor') throw new Error(`${meta.name} is not a tensor`);
        expect(type.dtype).toBe(meta.type);
        // ORT reports unknown dims as -1 or as '' (by version); ours are null.
        expect(type.shape?.map((d) => d ?? -1)).toEqual(meta.shape.map((d) => (d === '' ? -1 : d)));
      }
      await session.release();
    });

    it(`${label}: every node and op type, subgraphs included, as a second reader counts them`, async () => {
      const model = await readModel(path);
      const expected = countOps(readFileSync(path));
      const actual = new Map<string, number>();
      for (const { node } of walkNodes(model)) actual.set(`${node.domain}::${node.opType}`, (actual.get(`${node.domain}::${node.opType}`) ?? 0) + 1);
      expect(actual).toEqual(expected);
    });
  }

  it('silero: has If subgraphs and an INT64 scalar input', async () => {
    const model = await readModel(models.silero);
    expect([...walkNodes(model)].some((v) => v.depth > 0)).toBe(true);
    const scalars = model.graph.inputs.filter((v) => v.type.kind === 'tensor' && v.type.dtype === 'int64' && v.type.shape?.length === 0);
    expect(scalars.length).toBeGreaterThan(0);
  });

  it('the sparse reader (tiny chunks) and the whole-file reader see the same model', async () => {
    const whole = await readModel(models.cls, { loadWeights: true });
    const sparse = await readModel(models.cls, { maxChunkBytes: 256 });
    const strip = (m: unknown) => JSON.stringify(m, (k, v) => (k === 'data' ? undefined : typeof v === 'bigint' ? v.toString() : v));
    expect(strip(sparse)).toBe(strip(whole));
    // Lazy tensors point at exactly the bytes the whole-file reader loaded.
    const bytes = readFileSync(models.cls);
    const [w, s] = [whole, sparse].map((m) => [...walkNodes(m)].flatMap(({ node }) => node.attributes.filter((a) => a.type === 'tensor').map((a) => a.value.data)));
    expect(s?.length).toBe(w?.length);
    s?.forEach((data, i) => {
      const loaded = w?.[i];
      if (data.location !== 'lazy' || loaded?.location !== 'raw') return;
      expect(Buffer.compare(bytes.subarray(data.offset, data.offset + data.length), Buffer.from(loaded.bytes))).toBe(0);
    });
  });
});

describe('readModel on broken files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onnx-bad-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, bytes: Uint8Array | string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('an empty file', async () => {
    await expect(readModel(file('empty.onnx', ''))).rejects.toThrow(/empty\.onnx is empty/);
  });
  it('a truncated model', async () => {
    const bytes = readFileSync(models.cls);
    for (const options of [{}, { loadWeights: true }]) {
      const error = await readModel(file('cut.onnx', bytes.subarray(0, Math.floor(bytes.length / 2))), options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).message).toMatch(/cut\.onnx is (truncated|not a valid ONNX model)/);
    }
  });
  it('a file that is not ONNX', async () => {
    for (const [name, content] of [['notes.onnx', 'name: hello\nthis is YAML, not a model\n'], ['data.onnx', '{"json": true}'], ['model.zip', Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0, 0, 0])]] as const) {
      const error = await readModel(file(name, content)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).message).toContain(name);
    }
  });
  it('a missing file', async () => {
    await expect(readModel(join(dir, 'nope.onnx'))).rejects.toThrow(/nope\.onnx cannot be read: ENOENT/);
  });
  it('a file this user may not read: a coded error naming it, like a missing one', async () => {
    const readable = file('readable.onnx', readFileSync(models.cls));
    const locked = file('locked.onnx', readFileSync(models.cls));
    chmodSync(locked, 0o000);
    openFolders(dir);
    // The built package: the child is plain Node, which does not read TypeScript.
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    const script = `for (const path of process.argv.slice(1)) {
  console.log(JSON.stringify(await ENTRY0.readModel(path).then(() => ({ read: true }), (e) => ({ name: e.name, code: e.code, message: e.message }))));
}`;
    expect(runUnprivileged(script, [entry], [readable, locked])).toEqual([
      { read: true },
      { name: 'InvalidInputError', code: 'E_ONNX_NOT_FOUND', message: `${locked} cannot be read: EACCES` },
    ]);
  });
  it('a model whose external data file is missing', async () => {
    const graph = createGraph({
      inputs: [tensorValueInfo('x', 'float32', [2])],
      outputs: [tensorValueInfo('y', 'float32', [2])],
      nodes: [createNode('Add', ['x', 'w'], ['y'])],
      initializers: [{ name: 'w', dataType: 1, dtype: 'float32', dims: [2], docString: '', data: { location: 'external', path: 'weights.bin', file: '', offset: 0, length: 8, checksum: undefined } }],
    });
    const path = join(dir, 'ext.onnx');
    await writeModel(createModel(graph), path);
    await expect(readModel(path)).rejects.toThrow(/ext\.onnx: tensor w keeps its data in "weights\.bin", which does not exist/);
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(4));
    await expect(readModel(path)).rejects.toThrow(/needs bytes up to 8 of "weights\.bin", which has only 4/);
  });
});
