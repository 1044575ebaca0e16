import { createStorage, elementCount, type Tensor } from '@pipeline/tensor';

/** Joins tensors of the same dtype and trailing dims along axis 0. */
export function concatBatch(parts: readonly Tensor[]): Tensor {
  const [first] = parts;
  if (first === undefined) throw new RangeError('nothing to concatenate');
  if (parts.length === 1) return first;
  const batch = parts.reduce((n, t) => n + (t.shape[0] ?? 0), 0);
  const shape = [batch, ...first.shape.slice(1)];
  if (first.dtype === 'string') return { dtype: 'string', shape, data: parts.flatMap((t) => t.data as string[]) };
  const data = createStorage(first.dtype, elementCount(shape)) as Float32Array;
  let at = 0;
  for (const part of parts) {
    data.set(part.data as Float32Array, at);
    at += part.data.length;
  }
  return { dtype: first.dtype, shape, data } as Tensor;
}

/** Cuts a batched tensor back into the requests' pieces along axis 0. */
export function splitBatch(tensor: Tensor, sizes: readonly number[]): Tensor[] {
  const rows = tensor.shape[0];
  const total = sizes.reduce((n, s) => n + s, 0);
  if (rows !== total) throw new RangeError(`the model returned ${rows ?? 'no'} rows for a batch of ${total}`);
  if (sizes.length === 1) return [tensor];
  const rowLength = elementCount(tensor.shape.slice(1));
  let at = 0;
  return sizes.map((size) => {
    const data = tensor.data.slice(at * rowLength, (at + size) * rowLength);
    at += size;
    return { dtype: tensor.dtype, shape: [size, ...tensor.shape.slice(1)], data } as Tensor;
  });
}
