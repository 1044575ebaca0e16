import { createStorage, type Tensor } from '@pipeline/tensor';

type Feeds = Readonly<Record<string, Tensor>>;
type NumericData = Exclude<Tensor['data'], string[]>;

/** Whether two samples' feeds can share one run: same names, dtypes and every axis but the first. */
export function stackable(a: Feeds, b: Feeds): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => {
    const x = a[name];
    const y = b[name];
    return x !== undefined && y !== undefined && x.dtype !== 'string' && x.dtype === y.dtype && x.shape.length > 0 && x.shape.slice(1).join('x') === y.shape.slice(1).join('x');
  });
}

/** Samples' feeds concatenated along the first axis ([n₁, …] + [n₂, …] → [n₁ + n₂, …]); callers check `stackable` first. */
export function stackFeeds(feeds: readonly Feeds[]): Record<string, Tensor> {
  const [first] = feeds as [Feeds, ...Feeds[]];
  const stacked: Record<string, Tensor> = {};
  for (const [name, head] of Object.entries(first)) {
    const parts = feeds.map((f) => f[name] as Tensor);
    const data = createStorage(head.dtype, parts.reduce((n, t) => n + t.data.length, 0)) as NumericData;
    let offset = 0;
    for (const part of parts) {
      (data as Float32Array).set(part.data as Float32Array, offset);
      offset += part.data.length;
    }
    stacked[name] = { dtype: head.dtype, shape: [parts.reduce((n, t) => n + (t.shape[0] ?? 0), 0), ...head.shape.slice(1)], data } as Tensor;
  }
  return stacked;
}

/** A batched run's outputs cut back into one set per sample, `rows[i]` first-axis rows each. */
export function splitOutputs(outputs: Readonly<Record<string, Tensor>>, rows: readonly number[]): Record<string, Tensor>[] {
  const total = rows.reduce((n, r) => n + r, 0);
  const perSample = rows.map(() => ({}) as Record<string, Tensor>);
  for (const [name, tensor] of Object.entries(outputs)) {
    if (tensor.shape[0] !== total) throw new Error(`output ${name} has ${tensor.shape[0]} rows for ${total} batched samples`);
    const rowSize = total === 0 ? 0 : tensor.data.length / total;
    let start = 0;
    for (const [i, r] of rows.entries()) {
      const data = (tensor.data as Float32Array).slice(start * rowSize, (start + r) * rowSize);
      (perSample[i] as Record<string, Tensor>)[name] = { dtype: tensor.dtype, shape: [r, ...tensor.shape.slice(1)], data } as Tensor;
      start += r;
    }
  }
  return perSample;
}
