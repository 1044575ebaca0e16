import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { attribute, createGraph, createModel, createNode, tensorToProto, tensorValueInfo, writeModel } from '@pipeline/onnx';
import { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';

const K = 64;
const N = 48;

/**
 * The model of the external-data tests, `y = Gather(x @ w + b, idx, axis=1)` with x `[1, K]` and y
 * `[1, N]` (idx reverses the columns), its weights, and the input `x` the tests feed it.
 */
export const externalDataModel = {
  K,
  N,
  w: Float32Array.from({ length: K * N }, (_, i) => Math.sin(i * 0.37)),
  b: Float32Array.from({ length: N }, (_, i) => i / N - 0.5),
  idx: BigInt64Array.from({ length: N }, (_, i) => BigInt(N - 1 - i)),
  x: Float32Array.from({ length: K }, (_, i) => Math.cos(i * 0.11)),
} as const;

/**
 * Writes the model to `dir/<model>` with w, b and the int64 idx all in `dir/<weights>`, packed as an
 * exporter would (no alignment), so every initializer must be read from that file. Returns the model's path.
 */
export async function writeExternalDataModel(dir: string, { model, weights }: { model: string; weights: string }): Promise<string> {
  const { w, b, idx } = externalDataModel;
  const file = path.join(dir, weights);
  await mkdir(path.dirname(file), { recursive: true });
  const parts = [w, b, idx].map((a) => new Uint8Array(a.buffer));
  await writeFile(file, Buffer.concat(parts));
  const protos = [
    tensorToProto('w', { dtype: 'float32', shape: [K, N], data: w }),
    tensorToProto('b', { dtype: 'float32', shape: [N], data: b }),
    tensorToProto('idx', { dtype: 'int64', shape: [N], data: idx }),
  ];
  let offset = 0;
  protos.forEach((proto, i) => {
    const length = parts[i]!.byteLength;
    proto.data = { location: 'external', path: weights, file, offset, length, checksum: undefined };
    offset += length;
  });
  const graph = createGraph({
    inputs: [tensorValueInfo('x', 'float32', [1, K])],
    outputs: [tensorValueInfo('y', 'float32', [1, N])],
    initializers: protos,
    nodes: [createNode('MatMul', ['x', 'w'], ['xw']), createNode('Add', ['xw', 'b'], ['s']), createNode('Gather', ['s', 'idx'], ['y'], { attributes: [attribute('axis', 'int', 1n)] })],
  });
  const modelPath = path.join(dir, model);
  await writeModel(createModel(graph), modelPath);
  return modelPath;
}

/** y for `x`, as ONNX Runtime computes it from the model at `modelPath`. */
export async function runExternalDataModel(modelPath: string): Promise<number[]> {
  const session = await InferenceSession.create(modelPath);
  const out = await session.run({ x: new OrtTensor('float32', externalDataModel.x, [1, K]) });
  await session.release();
  return Array.from(out.y!.data as Float32Array);
}
