import { DTYPES, dtypeFromOnnx } from '@pipeline/tensor';
import type { Dim, OnnxModel, OnnxTensorProto, OnnxType, OnnxValueInfo } from './model.js';
import { walkNodes, walkTensors } from './walk.js';

/** ONNX element types @pipeline/tensor does not model, by TensorProto.DataType code. */
const OTHER_ELEM_TYPES: Record<number, string> = {
  0: 'undefined',
  14: 'complex64',
  15: 'complex128',
  17: 'float8e4m3fn',
  18: 'float8e4m3fnuz',
  19: 'float8e5m2',
  20: 'float8e5m2fnuz',
  21: 'uint4',
  22: 'int4',
  23: 'float4e2m1',
};

/** The name of an ONNX element type: the @pipeline/tensor dtype when it has one (`float32`), else ONNX's (`float8e4m3fn`). */
export function elemTypeName(code: number): string {
  return dtypeFromOnnx(code) ?? OTHER_ELEM_TYPES[code] ?? `onnx-type-${code}`;
}

/** A graph input or output as later stages need it. `dtype` of a non-tensor says what it is: `sequence<float32>`. */
export interface ValueSpec {
  name: string;
  kind: OnnxType['kind'];
  dtype: string;
  /** null: rank unknown (or not a tensor). Dims: number, symbolic name, or null when unknown. */
  shape: Dim[] | null;
}

export function typeName(type: OnnxType): string {
  switch (type.kind) {
    case 'tensor':
      return elemTypeName(type.elemType);
    case 'sparse_tensor':
      return `sparse<${elemTypeName(type.elemType)}>`;
    case 'sequence':
    case 'optional':
      return `${type.kind}<${type.elem ? typeName(type.elem) : '?'}>`;
    case 'map':
      return `map<${elemTypeName(type.keyType)}, ${type.value ? typeName(type.value) : '?'}>`;
    default:
      return 'unknown';
  }
}

export function valueSpec(v: OnnxValueInfo): ValueSpec {
  const shape = v.type.kind === 'tensor' || v.type.kind === 'sparse_tensor' ? (v.type.shape?.slice() ?? null) : null;
  return { name: v.name, kind: v.type.kind, dtype: typeName(v.type), shape };
}

/** The model's real inputs (graph inputs that are not initializers, as IR < 4 exporters list them) and outputs. */
export function modelIO(model: OnnxModel): { inputs: ValueSpec[]; outputs: ValueSpec[] } {
  const initializers = new Set(model.graph.initializers.map((t) => t.name));
  return {
    inputs: model.graph.inputs.filter((v) => !initializers.has(v.name)).map(valueSpec),
    outputs: model.graph.outputs.map(valueSpec),
  };
}

/** Whether the leading dim can serve as Triton's batch dim: it must be dynamic on every input and output. */
export interface BatchDimVerdict {
  verdict: 'dynamic' | 'static' | 'absent';
  /** The leading dim when every tensor has the same static one (`static`). */
  size?: number;
  reason: string;
}

export function batchDimVerdict(io: { inputs: ValueSpec[]; outputs: ValueSpec[] }): BatchDimVerdict {
  const all = [...io.inputs, ...io.outputs];
  if (all.length === 0) return { verdict: 'absent', reason: 'the model has no inputs or outputs' };
  const leading = all.map((v) => ({ name: v.name, kind: v.kind, dim: v.shape?.[0], rank: v.shape?.length }));
  const notTensor = leading.find((l) => l.kind !== 'tensor' || l.rank === undefined || l.rank === 0);
  if (notTensor) {
    const what = notTensor.kind !== 'tensor' ? `is a ${notTensor.kind}` : notTensor.rank === 0 ? 'is a scalar' : 'has an unknown rank';
    return { verdict: 'absent', reason: `${notTensor.name} ${what}, so there is no common leading batch dim` };
  }
  if (leading.every((l) => typeof l.dim !== 'number')) {
    return { verdict: 'dynamic', reason: 'the leading dim of every input and output is dynamic' };
  }
  const fixed = leading.filter((l) => typeof l.dim === 'number');
  const first = fixed[0]?.dim as number;
  if (fixed.length === leading.length && fixed.every((l) => l.dim === first)) {
    return { verdict: 'static', size: first, reason: `every input and output has a fixed leading dim of ${first}` };
  }
  const names = fixed.map((l) => `${l.name}[0]=${l.dim}`).join(', ');
  return { verdict: 'absent', reason: `the leading dim is dynamic on some tensors but fixed on others (${names})` };
}

/** Operator domains the nodes use (subgraphs and function bodies included), `ai.onnx` for the default one. */
export function domainsUsed(model: OnnxModel): string[] {
  const domains = new Set<string>();
  for (const { node } of walkNodes(model)) domains.add(normalizeDomain(node.domain));
  return [...domains].sort();
}

export function normalizeDomain(domain: string): string {
  return domain === '' ? 'ai.onnx' : domain;
}

/** The side files holding external tensor data, as the model names them. */
export function externalDataFiles(model: OnnxModel): string[] {
  const files = new Set<string>();
  for (const { tensor } of walkTensors(model)) if (tensor.data.location === 'external') files.add(tensor.data.path);
  return [...files].sort();
}

/** Bytes a tensor's values take, without reading them. Strings count their UTF-8 bytes. */
export function tensorByteSize(t: OnnxTensorProto): number {
  const d = t.data;
  if (d.location === 'raw') return d.bytes.byteLength;
  if (d.location === 'lazy') return d.length;
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (d.location === 'external') return d.length ?? count * (t.dtype ? DTYPES[t.dtype].bytes : 0);
  if (t.dtype === 'string') return (d.values as Uint8Array[]).reduce((sum, b) => sum + b.byteLength, 0);
  return count * (t.dtype ? DTYPES[t.dtype].bytes : 0);
}
