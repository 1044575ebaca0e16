// The pre- and postprocessing models of pipelines/det-ensemble.yaml, written as ONNX by code with
// @pipeline/onnx's builders (so Triton's ONNX Runtime backend, and our local server, run them).
//   preprocess:  image uint8 [N, H, W, 3] → x float32 [N, 3, 640, 640]
//                (HWC → CHW, bilinear resize to 640×640, PaddleOCR's det normalisation
//                 (x/255 − mean)/std with mean 0.485 0.456 0.406, std 0.229 0.224 0.225)
//   postprocess: sigmoid_0.tmp_0 float32 [N, 1, H, W] → mask uint8 [N, 1, H, W]
//                (the probability map thresholded at 0.3, PaddleOCR's det_db_thresh)
// `node pipelines/data/det-ensemble/models.mjs <folder>` writes preprocess.onnx and postprocess.onnx.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { attribute, createGraph, createModel, createNode, tensorToProto, tensorValueInfo, writeModel } from '@pipeline/onnx';

export const SIZE = 640;
export const MEAN = [0.485, 0.456, 0.406];
export const STD = [0.229, 0.224, 0.225];
export const THRESHOLD = 0.3;

const f32 = (name, shape, values) => tensorToProto(name, { dtype: 'float32', shape, data: Float32Array.from(values) });
const i64 = (name, values) => tensorToProto(name, { dtype: 'int64', shape: [values.length], data: BigInt64Array.from(values.map(BigInt)) });

export function preprocessModel() {
  const graph = createGraph({
    name: 'det_preprocess',
    inputs: [tensorValueInfo('image', 'uint8', ['batch', 'height', 'width', 3])],
    outputs: [tensorValueInfo('x', 'float32', ['batch', 3, SIZE, SIZE])],
    initializers: [
      i64('batch_start', [0]),
      i64('batch_end', [1]),
      i64('chw_size', [3, SIZE, SIZE]),
      // (x/255 − mean)/std = x · 1/(255·std) − mean/std, per channel.
      f32('scale', [1, 3, 1, 1], STD.map((s) => 1 / (255 * s))),
      f32('shift', [1, 3, 1, 1], MEAN.map((m, i) => m / STD[i])),
    ],
    nodes: [
      createNode('Cast', ['image'], ['image_f'], { attributes: [attribute('to', 'int', 1n)] }),
      createNode('Transpose', ['image_f'], ['chw'], { attributes: [attribute('perm', 'ints', [0n, 3n, 1n, 2n])] }),
      createNode('Shape', ['chw'], ['chw_shape']),
      createNode('Slice', ['chw_shape', 'batch_start', 'batch_end'], ['batch']),
      createNode('Concat', ['batch', 'chw_size'], ['sizes'], { attributes: [attribute('axis', 'int', 0n)] }),
      createNode('Resize', ['chw', '', '', 'sizes'], ['resized'], { attributes: [attribute('mode', 'string', 'linear')] }),
      createNode('Mul', ['resized', 'scale'], ['scaled']),
      createNode('Sub', ['scaled', 'shift'], ['x']),
    ],
  });
  return createModel(graph, { producerName: 'pipeline det-ensemble', opsetImports: [{ domain: '', version: 17 }] });
}

export function postprocessModel() {
  const graph = createGraph({
    name: 'det_postprocess',
    inputs: [tensorValueInfo('sigmoid_0.tmp_0', 'float32', ['batch', 1, 'height', 'width'])],
    outputs: [tensorValueInfo('mask', 'uint8', ['batch', 1, 'height', 'width'])],
    initializers: [f32('threshold', [], [THRESHOLD])],
    nodes: [
      createNode('Greater', ['sigmoid_0.tmp_0', 'threshold'], ['above']),
      createNode('Cast', ['above'], ['mask'], { attributes: [attribute('to', 'int', 2n)] }),
    ],
  });
  return createModel(graph, { producerName: 'pipeline det-ensemble', opsetImports: [{ domain: '', version: 17 }] });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const out = process.argv[2] ?? '.';
  mkdirSync(out, { recursive: true });
  await writeModel(preprocessModel(), join(out, 'preprocess.onnx'));
  await writeModel(postprocessModel(), join(out, 'postprocess.onnx'));
}
