import type { DType } from './dtype.js';
import { badTensorFile } from './errors.js';
import { bfloat16ArrayToFloat32, float16ArrayToFloat32 } from './half-float.js';
import { storageFromNumbers } from './storage.js';
import { elementCount, type Tensor } from './tensor.js';

/** KServe v2 / Triton datatype names (Triton's "Datatypes" table); strings are `BYTES`. */
export const KSERVE_DATATYPES: Readonly<Record<DType, string>> = {
  bool: 'BOOL',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  float16: 'FP16',
  float32: 'FP32',
  float64: 'FP64',
  string: 'BYTES',
  bfloat16: 'BF16',
};

/** One tensor of a KServe v2 inference request or response, with `data` flat in row-major order. */
export interface KServeTensor {
  name: string;
  datatype: string;
  shape: number[];
  data: (number | boolean | string)[];
}

/** Our tensor as a KServe v2 JSON tensor: 16-bit floats as their values, 64-bit integers as numbers. */
export function toKServeTensor(name: string, tensor: Tensor): KServeTensor {
  const { dtype, shape } = tensor;
  let data: (number | boolean | string)[];
  if (dtype === 'string') data = [...(tensor.data as string[])];
  else if (dtype === 'bool') data = Array.from(tensor.data as Uint8Array, (v) => v !== 0);
  else if (dtype === 'float16') data = Array.from(float16ArrayToFloat32(tensor.data as Uint16Array));
  else if (dtype === 'bfloat16') data = Array.from(bfloat16ArrayToFloat32(tensor.data as Uint16Array));
  else data = Array.from(tensor.data as ArrayLike<number | bigint>, Number);
  return { name, datatype: KSERVE_DATATYPES[dtype], shape: [...shape], data };
}

function flatten(value: unknown, out: unknown[]): void {
  if (Array.isArray(value)) for (const item of value) flatten(item, out);
  else out.push(value);
}

/**
 * Reads one KServe v2 JSON tensor (`data` flat or nested). The datatype, the shape and the element
 * count must agree; every problem is an InvalidInputError naming `source` and the tensor.
 */
export function fromKServeTensor(json: unknown, source = '<json>'): { name: string; tensor: Tensor } {
  const entry = json as Partial<Record<keyof KServeTensor, unknown>> | null;
  const name = typeof entry?.name === 'string' ? entry.name : undefined;
  const where = name === undefined ? 'a tensor' : `tensor "${name}"`;
  if (entry === null || typeof entry !== 'object' || name === undefined) throw badTensorFile('E_KSERVE_JSON', source, 'a tensor needs a string "name"');
  const dtype = (Object.keys(KSERVE_DATATYPES) as DType[]).find((d) => KSERVE_DATATYPES[d] === entry.datatype);
  if (dtype === undefined) throw badTensorFile('E_KSERVE_JSON', source, `${where}: unknown datatype ${JSON.stringify(entry.datatype)} (one of ${Object.values(KSERVE_DATATYPES).join(', ')})`);
  const shape = entry.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw badTensorFile('E_KSERVE_JSON', source, `${where}: "shape" must be a list of sizes`);
  const flat: unknown[] = [];
  flatten(entry.data, flat);
  if (flat.length !== elementCount(shape)) {
    throw badTensorFile('E_KSERVE_JSON', source, `${where}: shape [${shape.join(', ')}] holds ${elementCount(shape)} elements, "data" has ${flat.length}`);
  }
  const wrong = flat.findIndex((v) => (dtype === 'string' ? typeof v !== 'string' : dtype === 'bool' ? typeof v !== 'boolean' : typeof v !== 'number'));
  if (wrong !== -1) throw badTensorFile('E_KSERVE_JSON', source, `${where}: element ${wrong} (${JSON.stringify(flat[wrong])}) is not a ${entry.datatype} value`);
  if (dtype === 'string') return { name, tensor: { dtype, shape, data: flat as string[] } };
  const numbers = dtype === 'bool' ? flat.map((v) => (v ? 1 : 0)) : (flat as number[]);
  return { name, tensor: { dtype, shape, data: storageFromNumbers(dtype, numbers) } as Tensor };
}

/**
 * Reads tensors by name from KServe v2 JSON: a request (`{"inputs": [...]}`), a response
 * (`{"outputs": [...]}`), a bare list of tensors, or one tensor.
 */
export function decodeKServeJson(text: string, source = '<json>'): Record<string, Tensor> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw badTensorFile('E_KSERVE_JSON', source, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = json as { inputs?: unknown; outputs?: unknown } | null;
  const list = Array.isArray(json) ? json : Array.isArray(body?.inputs) ? body.inputs : Array.isArray(body?.outputs) ? body.outputs : [json];
  const out: Record<string, Tensor> = {};
  for (const item of list as unknown[]) {
    const { name, tensor } = fromKServeTensor(item, source);
    if (Object.hasOwn(out, name)) throw badTensorFile('E_KSERVE_JSON', source, `tensor "${name}" appears twice`);
    out[name] = tensor;
  }
  return out;
}

/** Writes tensors as a KServe v2 request (`inputs`) or response (`outputs`) body. */
export function encodeKServeJson(tensors: Readonly<Record<string, Tensor>>, role: 'inputs' | 'outputs' = 'inputs'): string {
  return JSON.stringify({ [role]: Object.entries(tensors).map(([name, tensor]) => toKServeTensor(name, tensor)) });
}
