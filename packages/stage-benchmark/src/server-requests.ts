import type { OnnxModelMeta } from '@pipeline/kinds';
import { type ModelMetadata, dtypeFromDatatype, encodeInferRequest } from '@pipeline/kserve-client';
import { UsageError } from '@pipeline/errors';
import type { TensorSpec } from '@pipeline/tensor';
import type { DataSourceParams } from '@pipeline/data';
import { feedsFromData } from './data-feeds.js';

/**
 * The inputs to make data for: the model artifact's (symbolic dim names, so `data.random.dims` sizes
 * them by name, as for `benchmark`) when given, else the server's metadata (-1 dims, named
 * `<input>:<axis>` here; the leading one is the batch axis when the server batches).
 */
export function requestSpecs(metadata: ModelMetadata, model: OnnxModelMeta | undefined): TensorSpec[] {
  if (model) {
    return model.inputs.map((i) => ({ name: i.name, dtype: i.dtype as TensorSpec['dtype'], shape: i.shape === null ? undefined : i.shape }));
  }
  return metadata.inputs.map((i) => {
    const dtype = dtypeFromDatatype(i.datatype);
    if (!dtype) throw new UsageError('E_SERVER_DATATYPE', `input "${i.name}" of ${metadata.name} is ${i.datatype}, which the load generator cannot make data for`);
    // The metadata names no dims: a dynamic one is called `<input>:<axis>`, so `data.random.dims` can size it.
    return { name: i.name, dtype, shape: i.shape.map((d, axis) => (d >= 0 ? d : axis === 0 ? null : `${i.name}:${axis}`)) };
  });
}

/** The request bodies (binary extension) and their headers, one body per data batch, built once before any load. */
export async function requestBodies(
  data: DataSourceParams,
  specs: TensorSpec[],
  batch: number,
  signal: AbortSignal,
): Promise<{ bodies: Uint8Array[]; headers: Record<string, string>; shapes: Record<string, number[]>; description: string }> {
  const { feeds, description } = await feedsFromData(data, { specs, dataset: undefined }, batch, signal);
  const encoded = feeds.map((feed) => encodeInferRequest(feed, { binaryOutputs: true }));
  // The JSON header's length goes in a request header, which the load generator sends with every body:
  // bodies of equal shapes share it; bodies whose lengths differ are sent as plain JSON instead.
  const lengths = new Set(encoded.map((e) => e.headerLength));
  const [headerLength] = lengths;
  if (lengths.size > 1) {
    return { bodies: feeds.map((f) => encodeInferRequest(f, { binaryInputs: false, binaryOutputs: false }).body), headers: { 'Content-Type': 'application/json' }, shapes: shapesOf(feeds[0]), description };
  }
  const bodies = encoded.map((e) => e.body);
  const headers: Record<string, string> =
    headerLength === undefined ? { 'Content-Type': 'application/json' } : { 'Content-Type': 'application/octet-stream', 'Inference-Header-Content-Length': String(headerLength) };
  return { bodies, headers, shapes: shapesOf(feeds[0]), description };
}

function shapesOf(feed: Record<string, { shape: readonly number[] }> | undefined): Record<string, number[]> {
  return Object.fromEntries(Object.entries(feed ?? {}).map(([name, t]) => [name, [...t.shape]]));
}
