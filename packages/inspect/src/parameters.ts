import type { ModelInspection } from '@pipeline/kinds';
import { elemTypeName, normalizeDomain, type OnnxAttribute, type OnnxModel, type OnnxTensorProto, tensorByteSize, walkNodes, walkTensors } from '@pipeline/onnx';

type Bucket = { tensors: number; count: number; bytes: number };
type Payload = { dtype: string; count: number; bytes: number };

// ONNX TensorProto.DataType codes of the scalar Constant forms: value_float(s) is FLOAT, value_int(s) INT64.
const FLOAT = 1;
const INT64 = 7;

/**
 * The attributes of a Constant node that hold a parameter. `value_string(s)` are left out on purpose:
 * strings are not weights (and TensorRT has no string type, which the lint reports on its own).
 */
const PARAMETER_ATTRIBUTES = new Set(['value', 'sparse_value', 'value_float', 'value_floats', 'value_int', 'value_ints']);

const ofTensor = (t: OnnxTensorProto): Payload => ({ dtype: elemTypeName(t.dataType), count: t.dims.reduce((a, b) => a * b, 1), bytes: tensorByteSize(t) });

/** What one Constant attribute stores, as one or more typed payloads; undefined for a non-parameter attribute. */
function constantPayload(a: OnnxAttribute): Payload[] | undefined {
  if (!PARAMETER_ATTRIBUTES.has(a.name)) return undefined;
  switch (a.type) {
    case 'tensor':
      return [ofTensor(a.value)];
    case 'sparse_tensor':
      // Stored like a sparse initializer: the values and their indices.
      return [ofTensor(a.value.values), ofTensor(a.value.indices)];
    case 'float':
      return [{ dtype: elemTypeName(FLOAT), count: 1, bytes: 4 }];
    case 'floats':
      return [{ dtype: elemTypeName(FLOAT), count: a.value.length, bytes: 4 * a.value.length }];
    case 'int':
      return [{ dtype: elemTypeName(INT64), count: 1, bytes: 8 }];
    case 'ints':
      return [{ dtype: elemTypeName(INT64), count: a.value.length, bytes: 8 * a.value.length }];
    default:
      return undefined;
  }
}

/**
 * Parameters = initializers (dense and sparse, subgraphs included) + the payloads of Constant nodes
 * (`value`, `sparse_value`, `value_float(s)`, `value_int(s)`), which is how paddle2onnx stores every
 * weight. Tensor attributes of other ops (ConstantOfShape's `value`, …) are op settings, not parameters.
 */
export function parameterFacts(model: OnnxModel): ModelInspection['parameters'] {
  const initializers: Bucket = { tensors: 0, count: 0, bytes: 0 };
  const constants: Bucket = { tensors: 0, count: 0, bytes: 0 };
  const byDtype: Record<string, { count: number; bytes: number }> = {};
  const add = (bucket: Bucket, p: Payload) => {
    bucket.count += p.count;
    bucket.bytes += p.bytes;
    const d = byDtype[p.dtype] ?? { count: 0, bytes: 0 };
    d.count += p.count;
    d.bytes += p.bytes;
    byDtype[p.dtype] = d;
  };
  for (const { tensor, source } of walkTensors(model)) {
    if (source === 'attribute') continue;
    initializers.tensors++;
    add(initializers, ofTensor(tensor));
  }
  for (const { node } of walkNodes(model)) {
    if (node.opType !== 'Constant' || normalizeDomain(node.domain) !== 'ai.onnx') continue;
    // A valid Constant has exactly one value attribute; count the node once whatever it holds.
    const payloads = node.attributes.flatMap((a) => constantPayload(a) ?? []);
    if (payloads.length === 0) continue;
    constants.tensors++;
    for (const p of payloads) add(constants, p);
  }
  return { count: initializers.count + constants.count, bytes: initializers.bytes + constants.bytes, initializers, constants, byDtype };
}
