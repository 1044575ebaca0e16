import { InvalidInputError } from '@pipeline/errors';
import { type DType, float32ArrayToFloat16, isDType, type Tensor, type TensorSpec } from '@pipeline/tensor';
import type { OrtModule } from './load-ort.js';

type OrtTensor = InstanceType<OrtModule['Tensor']>;

/** ONNX Runtime's JS API has no bfloat16 tensors; every other dtype of ours has the same name there. */
const UNSUPPORTED_BY_ORT_JS: ReadonlySet<DType> = new Set(['bfloat16']);

/**
 * Wraps our tensor as an ORT tensor without copying: both hold float16 as Uint16Array bits, int64 as
 * BigInt64Array, bool as Uint8Array and strings as string[].
 */
export function toOrtTensor(ort: OrtModule, name: string, tensor: Tensor): OrtTensor {
  if (UNSUPPORTED_BY_ORT_JS.has(tensor.dtype)) {
    throw new InvalidInputError('E_DTYPE_UNSUPPORTED', `input "${name}": ONNX Runtime for Node cannot take ${tensor.dtype} tensors`, {
      hint: 'convert the data to float32 (see @pipeline/tensor bfloat16ToFloat32)',
    });
  }
  // The union of constructor overloads does not narrow on a runtime dtype; the pairing is checked above.
  return new ort.Tensor(tensor.dtype as 'float32', tensor.data as Float32Array, tensor.shape);
}

/** Reads an ORT output tensor back as ours. */
export function fromOrtTensor(name: string, value: OrtTensor): Tensor {
  if (!isDType(value.type)) {
    throw new InvalidInputError('E_DTYPE_UNSUPPORTED', `output "${name}" has ONNX Runtime type ${value.type}, which pipeline does not handle`);
  }
  let data = value.data;
  // Where the JS engine has Float16Array, ORT may hand float16 back as one; we keep float16 as its bits.
  if (value.type === 'float16' && !(data instanceof Uint16Array)) data = float32ArrayToFloat16(data as ArrayLike<number>);
  return { dtype: value.type, shape: [...value.dims], data } as Tensor;
}

/** ORT's metadata marks a dim it knows nothing about as -1 or ''; ours says null. */
function specDim(dim: unknown): number | string | null {
  if (typeof dim === 'number') return dim >= 0 ? dim : null;
  if (typeof dim === 'string' && dim !== '') return dim;
  return null;
}

/** Turns an entry of `session.inputMetadata`/`outputMetadata` into a TensorSpec. */
export function specFromMetadata(meta: { name: string; isTensor: boolean; type?: string; shape?: readonly unknown[] }, modelPath: string): TensorSpec {
  if (!meta.isTensor || meta.type === undefined || !isDType(meta.type)) {
    throw new InvalidInputError(
      'E_MODEL_UNSUPPORTED_IO',
      `${modelPath}: "${meta.name}" is not a plain tensor of a supported dtype (${meta.isTensor ? meta.type : 'sequence or map'})`,
    );
  }
  return { name: meta.name, dtype: meta.type, shape: meta.shape === undefined ? undefined : meta.shape.map(specDim) };
}
