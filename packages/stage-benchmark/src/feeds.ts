import type { Feeds } from '@pipeline/benchmark';
import { UsageError } from '@pipeline/errors';
import type { TensorSpec } from '@pipeline/tensor';
import { feedsFromData } from './data-feeds.js';
import type { BenchmarkParams } from './params.js';

/**
 * The batch size the model fixes, when every input declares a number on its first axis (e.g. a model
 * exported with batch 1); undefined when the batch axis is dynamic.
 */
export function fixedBatch(specs: readonly TensorSpec[]): number | undefined {
  const firsts = specs.map((s) => s.shape?.[0]);
  if (firsts.length === 0 || !firsts.every((d) => typeof d === 'number')) return undefined;
  return Math.min(...(firsts as number[]));
}

/**
 * Checks that the batch can be set the way the stage sets it: through the first axis, never through
 * `data.random.dims` (a sweep would silently measure one batch size), and within a fixed batch axis.
 */
export function checkBatchParams(specs: readonly TensorSpec[], params: BenchmarkParams, modelName: string): void {
  const dims = 'random' in params.data ? (params.data.random.dims ?? {}) : {};
  for (const spec of specs) {
    const first = spec.shape?.[0];
    if (typeof first === 'string' && first in dims) {
      throw new UsageError('E_BENCHMARK_PARAMS', `${modelName}: data.random.dims names "${first}", the batch axis of input "${spec.name}"`, {
        hint: 'set the batch with `batch:` (or `sweep.max_batch`) instead, so the report knows the batch size',
      });
    }
  }
  const fixed = fixedBatch(specs);
  if (fixed === undefined) return;
  const asked = params.sweep ? undefined : params.batch;
  if (asked !== undefined && asked !== fixed) {
    throw new UsageError('E_BENCHMARK_PARAMS', `${modelName}: batch ${asked} was asked for, but the model fixes its batch axis at ${fixed}`, {
      hint: `remove batch: or set it to ${fixed}; re-export the model with a dynamic batch axis to measure other sizes`,
    });
  }
}

/** The batch sizes a sweep may try: up to `max_batch`, or the model's fixed batch. */
export function sweepLimit(specs: readonly TensorSpec[], maxBatch: number): number {
  return fixedBatch(specs) ?? maxBatch;
}

/** Inputs at this batch size from `data:`, built before timing starts (see `feedsFromData`), and the shapes fed. */
export async function buildFeeds(
  specs: readonly TensorSpec[],
  params: BenchmarkParams,
  batch: number,
  signal?: AbortSignal,
  dataset?: string,
): Promise<{ feeds: Feeds[]; shapes: Record<string, number[]>; description: string }> {
  const { feeds, description } = await feedsFromData(params.data, { specs, dataset }, batch, signal);
  const shapes: Record<string, number[]> = {};
  for (const [name, tensor] of Object.entries(feeds[0] ?? {})) shapes[name] = [...tensor.shape];
  return { feeds, shapes, description };
}
