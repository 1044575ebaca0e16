import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LintFinding } from '@pipeline/kinds';
import { createGraph, createModel, createNode, type OnnxModel, type OnnxValueInfo, readModel, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { inspectModel } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'inspect-lint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the model and reads it back, so the lint sees what a file holds, then inspects it. */
async function lint(model: OnnxModel, tensorrt: '8.6' | '10.x' = '10.x') {
  const path = join(dir, `m${Math.random().toString(36).slice(2)}.onnx`);
  await writeModel(model, path);
  return inspectModel(await readModel(path), { file: path, fileSize: 0, tensorrt });
}
const find = (findings: LintFinding[], code: string) => findings.find((f) => f.code === code);
const unary = (op: string, parts: Parameters<typeof createNode>[3] = {}, io: { x?: OnnxValueInfo; y?: OnnxValueInfo } = {}) =>
  createGraph({
    inputs: [io.x ?? tensorValueInfo('x', 'float32', [1, 4])],
    outputs: [io.y ?? tensorValueInfo('y', 'float32', [1, 4])],
    nodes: [createNode(op, ['x'], ['y'], { name: `my_${op}`, ...parts })],
  });

describe('TensorRT lint', () => {
  it('a clean static model has no findings', async () => {
    const inspection = await lint(createModel(unary('Relu')));
    expect(inspection.lint.findings).toEqual([]);
    expect(inspection.lint.counts).toEqual({ error: 0, warning: 0, info: 0 });
  });

  it('flags an op of a custom domain as needing a plugin, naming the node', async () => {
    const model = createModel(unary('DCNv2', { domain: 'mmcv' }), { opsetImports: [{ domain: '', version: 17 }, { domain: 'mmcv', version: 1 }] });
    const finding = find((await lint(model)).lint.findings, 'TRT_CUSTOM_DOMAIN');
    expect(finding).toMatchObject({ severity: 'error', nodes: ['my_DCNv2 (DCNv2)'], nodeCount: 1 });
    expect(finding?.hint).toMatch(/plugin/);
  });

  it('flags dynamic input dims without a profile and suggests min/opt/max from the model', async () => {
    const graph = unary('Relu', {}, { x: tensorValueInfo('x', 'float32', ['N', 3, 32, 'W']), y: tensorValueInfo('y', 'float32', ['N', 3, 32, 'W']) });
    const inspection = await lint(createModel(graph));
    expect(find(inspection.lint.findings, 'TRT_DYNAMIC_SHAPE')).toMatchObject({ severity: 'warning', nodes: ['x'] });
    const [profile] = inspection.lint.suggestedProfiles;
    expect(profile?.input).toBe('x');
    // Static dims stay as declared in all three shapes; dynamic ones grow from min to max.
    for (const shape of [profile?.min, profile?.opt, profile?.max]) expect([shape?.[1], shape?.[2]]).toEqual([3, 32]);
    expect(profile?.min[0]).toBeLessThanOrEqual(profile?.opt[0] ?? 0);
    expect(profile?.opt[3]).toBeLessThanOrEqual(profile?.max[3] ?? 0);
    expect(inspection.io.inputs[0]?.dynamicAxes).toEqual([0, 3]);
  });

  it('flags ops the parser lacks, com.microsoft ops, and ops missing from the table', async () => {
    const graph = createGraph({
      inputs: [tensorValueInfo('x', 'float32', [2, 2])],
      outputs: [tensorValueInfo('d', 'float32', []), tensorValueInfo('g', 'float32', [2, 2]), tensorValueInfo('z', 'float32', [2, 2])],
      nodes: [
        createNode('Det', ['x'], ['d']),
        createNode('FastGelu', ['x'], ['g'], { domain: 'com.microsoft' }),
        createNode('FancyNewOp', ['x'], ['z']),
      ],
    });
    const findings = (await lint(createModel(graph, { opsetImports: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }] }))).lint.findings;
    expect(find(findings, 'TRT_UNSUPPORTED_OP')).toMatchObject({ severity: 'error', nodes: ['d'] });
    expect(find(findings, 'TRT_ORT_ONLY_OPS')).toMatchObject({ severity: 'error', nodes: ['g (FastGelu)'] });
    expect(find(findings, 'TRT_UNLISTED_OP')).toMatchObject({ severity: 'warning', nodes: ['z'] });
  });

  it('flags string and sequence types, INT64 per version, DOUBLE, Q/DQ, data-dependent shapes', async () => {
    const seq: OnnxValueInfo = { name: 's', type: { kind: 'sequence', elem: { kind: 'tensor', elemType: 1, dtype: 'float32', shape: [2] } }, docString: '' };
    const graph = createGraph({
      inputs: [tensorValueInfo('text', 'string', [1]), tensorValueInfo('ids', 'int64', [1, 8]), tensorValueInfo('x', 'float64', [4]), tensorValueInfo('f', 'float32', [4])],
      outputs: [seq, tensorValueInfo('nz', 'int64', [1, null]), tensorValueInfo('dq', 'float32', [4])],
      nodes: [
        createNode('SequenceConstruct', ['f'], ['s']),
        createNode('NonZero', ['ids'], ['nz']),
        createNode('QuantizeLinear', ['f', 'scale'], ['q']),
        createNode('DequantizeLinear', ['q', 'scale'], ['dq']),
      ],
    });
    const model = createModel(graph);
    const findings86 = (await lint(model, '8.6')).lint.findings;
    const findings10 = (await lint(model, '10.x')).lint.findings;
    expect(find(findings10, 'TRT_STRING_TYPE')).toMatchObject({ severity: 'error', nodes: ['text'] });
    expect(find(findings10, 'TRT_NON_TENSOR_TYPE')).toMatchObject({ severity: 'error', nodes: ['s'] });
    expect(find(findings86, 'TRT_INT64')?.severity).toBe('warning');
    expect(find(findings10, 'TRT_INT64')?.severity).toBe('info');
    expect(find(findings10, 'TRT_INT64')?.nodes).toEqual(['ids', 'nz']);
    expect(find(findings10, 'TRT_DOUBLE')?.nodes).toEqual(['x']);
    expect(find(findings10, 'TRT_QDQ')?.nodeCount).toBe(2);
    expect(find(findings10, 'TRT_DATA_DEPENDENT_SHAPE')?.nodes).toEqual(['nz (NonZero)']);
    expect(find(findings10, 'TRT_UNSUPPORTED_OP')?.nodes).toEqual(['s']);
  });

  it('flags model-local functions and opsets outside the supported range', async () => {
    const model = createModel(unary('MyBlock', { domain: 'local' }), {
      opsetImports: [{ domain: '', version: 5 }, { domain: 'local', version: 1 }],
      functions: [{ name: 'MyBlock', domain: 'local', overload: '', inputs: ['a'], outputs: ['b'], attributes: [], attributeProtos: [], nodes: [createNode('Relu', ['a'], ['b'])], docString: '', opsetImports: [{ domain: '', version: 17 }], valueInfo: [], metadataProps: {} }],
    });
    const findings = (await lint(model, '10.x')).lint.findings;
    expect(find(findings, 'TRT_LOCAL_FUNCTION')).toMatchObject({ severity: 'warning', nodes: ['my_MyBlock'] });
    expect(find(findings, 'TRT_CUSTOM_DOMAIN')).toBeUndefined();
    expect(find(findings, 'TRT_OPSET_TOO_OLD')?.severity).toBe('error');
    const tooNew = (await lint(createModel(unary('Relu'), { opsetImports: [{ domain: '', version: 23 }] }), '8.6')).lint.findings;
    expect(find(tooNew, 'TRT_OPSET_TOO_NEW')?.message).toMatch(/opset 23.*up to opset 17/);
  });
});
