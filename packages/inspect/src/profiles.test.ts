import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { attribute, createGraph, createModel, createNode, type OnnxModel, readModel, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { inspectModel } from './index.js';
import { ocrModels, sileroModelPath } from '../../../test/support/test-models.js';

const dir = mkdtempSync(join(tmpdir(), 'inspect-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function profilesOf(model: OnnxModel) {
  const path = join(dir, `m${Math.random().toString(36).slice(2)}.onnx`);
  await writeModel(model, path);
  const inspection = inspectModel(await readModel(path), { file: path, fileSize: 0, tensorrt: '10.x' });
  return { profiles: inspection.lint.suggestedProfiles, hint: inspection.lint.findings.find((f) => f.code === 'TRT_DYNAMIC_SHAPE')?.hint ?? '' };
}
const weight = (name: string, dims: number[]) => ({ name, dataType: 1, dtype: 'float32' as const, dims, docString: '', data: { location: 'fields' as const, values: new Array(dims.reduce((a, b) => a * b, 1)).fill(0) } });

describe('suggested profiles say where each dim came from', () => {
  it('a size the model fixes: MatMul weight, value_info, and a broadcast constant', async () => {
    const graph = createGraph({
      inputs: [tensorValueInfo('x', 'float32', ['N', 'K']), tensorValueInfo('v', 'float32', ['N', 'C']), tensorValueInfo('b', 'float32', ['N', 'F'])],
      outputs: [tensorValueInfo('y', 'float32', ['N', 8]), tensorValueInfo('w', 'float32', ['N', 5]), tensorValueInfo('c', 'float32', ['N', 6])],
      valueInfo: [tensorValueInfo('v', 'float32', ['N', 5])],
      initializers: [weight('W', [16, 8]), weight('B', [1, 6])],
      nodes: [createNode('MatMul', ['x', 'W'], ['y'], { name: 'mm' }), createNode('Relu', ['v'], ['w']), createNode('Add', ['b', 'B'], ['c'], { name: 'add' })],
    });
    const { profiles, hint } = await profilesOf(createModel(graph, { opsetImports: [{ domain: '', version: 17 }] }));
    expect(profiles.map((p) => [p.input, p.min, p.opt, p.max, p.sources])).toEqual([
      ['x', [1, 16], [1, 16], [32, 16], ['batch dim (default)', 'from MatMul mm (weight W)']],
      ['v', [1, 5], [1, 5], [32, 5], ['shared with input x (N)', 'from value_info']],
      ['b', [1, 6], [1, 6], [32, 6], ['shared with input x (N)', 'from Add add with constant B']],
    ]);
    expect(hint).toContain('x[1]: from MatMul mm (weight W)');
    expect(hint).toContain('--optShapes=x:1x16,v:1x5,b:1x6');
  });

  it('image-like NCHW of a CNN: multiples of 32, opt from metadata_props; integer ids are sequence-like', async () => {
    const graph = createGraph({
      inputs: [tensorValueInfo('img', 'float32', ['B', 3, 'H', 'W']), tensorValueInfo('ids', 'int64', ['B', 'T'])],
      outputs: [tensorValueInfo('f', 'float32', undefined), tensorValueInfo('o', 'int64', ['B', 'T'])],
      initializers: [weight('k', [4, 3, 3, 3])],
      nodes: [createNode('Conv', ['img', 'k'], ['f']), createNode('Identity', ['ids'], ['o'])],
    });
    const model = createModel(graph, { opsetImports: [{ domain: '', version: 17 }], metadataProps: { image_size: '600' } });
    const [img, ids] = (await profilesOf(model)).profiles;
    expect(img?.opt).toEqual([1, 3, 608, 608]);
    for (const shape of [img?.min, img?.opt, img?.max]) for (const axis of [2, 3]) expect((shape?.[axis] ?? 1) % 32).toBe(0);
    expect(img?.sources[2]).toBe('image-like, opt from metadata_props image_size, multiples of 32');
    expect(ids?.sources).toEqual(['shared with input img (B)', 'sequence-like ids (default)']);
  });

  it('the real models: PP-OCR image inputs and Silero’s unnamed dims', async () => {
    const labelled = async (path: string) => {
      const inspection = inspectModel(await readModel(path), { file: path, fileSize: 0, tensorrt: '10.x' });
      const session = await InferenceSession.create(path);
      const shapes = session.inputNames.map((_, i) => {
        const meta = session.inputMetadata[i];
        return meta?.isTensor ? meta.shape : [];
      });
      await session.release();
      return { profiles: inspection.lint.suggestedProfiles, shapes };
    };
    for (const path of [ocrModels.det, ocrModels.cls, ocrModels.rec]) {
      const { profiles, shapes } = await labelled(path);
      const [x] = profiles;
      const shape = shapes[0] ?? [];
      expect(shape[1]).toBe(3);
      expect(x?.sources[0]).toBe('batch dim (default)');
      for (const axis of [2, 3]) {
        const dim = shape[axis];
        if (typeof dim === 'number' && dim > 0) {
          expect(x?.sources[axis]).toBe('static');
          // The other spatial dim grows from this static sibling, in multiples of 32 (PP-OCR is a CNN).
          const other = axis === 2 ? 3 : 2;
          const up = (n: number) => Math.ceil(n / 32) * 32;
          expect([x?.min[other], x?.opt[other], x?.max[other]]).toEqual([up(dim), up(dim * 2), up(dim * 8)]);
          expect(x?.sources[other]).toBe(`image-like, from static sibling ${dim}, multiples of 32`);
        } else if (typeof shape[axis === 2 ? 3 : 2] !== 'number' || (shape[axis === 2 ? 3 : 2] as number) < 0) {
          expect(x?.sources[axis]).toBe('image-like (default), multiples of 32');
        }
      }
    }
    const silero = await labelled(sileroModelPath());
    // Unnamed dynamic dims cannot be linked, so they are labelled as guesses.
    expect(silero.profiles.map((p) => [p.input, p.sources])).toEqual([
      ['input', ['batch dim (default)', 'default']],
      ['state', ['static', 'default', 'static']],
    ]);
  });
});

describe('Gemm', () => {
  it('transB on Gemm reads K from the weight’s last dim', async () => {
    const graph = createGraph({
      inputs: [tensorValueInfo('x', 'float32', ['N', 'K'])],
      outputs: [tensorValueInfo('y', 'float32', ['N', 8])],
      initializers: [weight('W', [8, 12])],
      nodes: [createNode('Gemm', ['x', 'W'], ['y'], { name: 'gemm', attributes: [attribute('transB', 'int', 1n)] })],
    });
    const [x] = (await profilesOf(createModel(graph, { opsetImports: [{ domain: '', version: 17 }] }))).profiles;
    expect(x?.opt).toEqual([1, 12]);
    expect(x?.sources[1]).toBe('from Gemm gemm (weight W)');
  });
});
