import { decodeElements, encodeElements } from './byte-order.js';
import { type DType, DTYPES } from './dtype.js';
import { badTensorFile } from './errors.js';
import { elementCount, type Tensor } from './tensor.js';

/**
 * Decodes raw little-endian row-major bytes — what `trtexec --loadInputs` reads and
 * `--dumpRawBindingsToFile` writes, i.e. numpy's `tofile` — given the dtype and shape the bytes lack.
 */
export function decodeRaw(bytes: Uint8Array, dtype: Exclude<DType, 'string'>, shape: readonly number[], source = '<raw>'): Tensor {
  const count = elementCount(shape);
  const expected = count * DTYPES[dtype].bytes;
  if (bytes.length !== expected) {
    throw badTensorFile('E_RAW_SIZE', source, `${bytes.length} bytes, but ${dtype} [${shape.join(', ')}] needs ${expected}`, 'check the dtype and shape given for this raw file');
  }
  return { dtype, shape: [...shape], data: decodeElements(bytes, dtype, count) } as Tensor;
}

/** The raw little-endian bytes of a tensor (no header), ready for `trtexec --loadInputs=name:file`. */
export function encodeRaw(tensor: Tensor): Uint8Array {
  if (tensor.dtype === 'string') throw badTensorFile('E_RAW_UNSUPPORTED', '<raw>', 'string tensors have no raw binary form');
  return encodeElements(tensor.data as Float32Array);
}

/** TensorRT's short type names, as trtexec puts them in raw binding file names. */
const TRT_TYPE_NAMES: Record<string, Exclude<DType, 'string'>> = {
  fp32: 'float32',
  fp16: 'float16',
  bf16: 'bfloat16',
  int8: 'int8',
  uint8: 'uint8',
  int32: 'int32',
  int64: 'int64',
  bool: 'bool',
};

export interface RawBindingFile {
  tensorName: string;
  direction: 'input' | 'output';
  shape: number[];
  dtype: Exclude<DType, 'string'>;
}

/**
 * Reads what a trtexec raw binding file name says about its contents: `<tensor>.<input|output>.<d0>.<d1>…
 * .<type>.raw`, e.g. `x.input.1.1.28.28.fp32.raw`. Undefined when the name does not follow that form.
 */
export function parseRawBindingFileName(fileName: string): RawBindingFile | undefined {
  const match = /^(.+)\.(input|output)((?:\.\d+)*)\.([a-z0-9]+)\.raw$/.exec(fileName);
  if (!match) return undefined;
  const [, tensorName = '', direction, dims = '', typeName = ''] = match;
  const dtype = TRT_TYPE_NAMES[typeName];
  if (dtype === undefined) return undefined;
  return { tensorName, direction: direction as 'input' | 'output', shape: dims.split('.').slice(1).map(Number), dtype };
}

/** The file name trtexec would give a binding, so files we write read back with their shape and type. */
export function rawBindingFileName(tensorName: string, direction: 'input' | 'output', tensor: Pick<Tensor, 'dtype' | 'shape'>): string {
  const typeName = Object.entries(TRT_TYPE_NAMES).find(([, d]) => d === tensor.dtype)?.[0];
  if (typeName === undefined) throw badTensorFile('E_RAW_UNSUPPORTED', tensorName, `TensorRT has no binding type for ${tensor.dtype}`);
  return [tensorName, direction, ...tensor.shape.map(String), typeName, 'raw'].join('.');
}
