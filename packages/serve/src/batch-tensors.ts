import { elementCount, type Tensor } from '@pipeline/tensor';

/** Cuts a batched tensor back into the requests' pieces along axis 0. */
export function splitBatch(tensor: Tensor, sizes: readonly number[]): Tensor[] {
  const rows = tensor.shape[0];
  const total = sizes.reduce((n, s) => n + s, 0);
  if (rows !== total) throw new RangeError(`the model returned ${rows ?? 'no'} rows for a batch of ${total}`);
  if (sizes.length === 1) return [tensor];
  const rowLength = elementCount(tensor.shape.slice(1));
  let at = 0;
  return sizes.map((size) => {
    // Views, not copies: the batch's output buffer is the instance's answer frame, made for this batch alone.
    const data = Array.isArray(tensor.data) ? tensor.data.slice(at * rowLength, (at + size) * rowLength) : (tensor.data as Float32Array).subarray(at * rowLength, (at + size) * rowLength);
    at += size;
    return { dtype: tensor.dtype, shape: [size, ...tensor.shape.slice(1)], data } as Tensor;
  });
}
