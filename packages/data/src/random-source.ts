import { InterruptedError, UsageError } from '@pipeline/errors';
import {
  createStorage,
  type DType,
  elementCount,
  float32ToBfloat16Bits,
  float32ToFloat16Bits,
  type Tensor,
  type TensorSpec,
} from '@pipeline/tensor';
import { seededRandom, type Xoshiro128 } from './prng.js';
import { resolveShape, type ShapeHints } from './resolve-shape.js';
import type { DataSource, Sample } from './source.js';

export interface ValueRange {
  min: number;
  max: number;
}

/**
 * Default value ranges. `polygraphy` (the default) is Polygraphy's data loader: every dtype in [0, 1],
 * so integers and bools are 0 or 1. `trtexec` is trtexec's random inputs: floats in [-1, 1],
 * int8/int32/int64 in [-128, 127], uint8 in [0, 255], bool in {0, 1}.
 */
export type RangePreset = 'polygraphy' | 'trtexec';

export interface RandomSourceOptions extends ShapeHints {
  specs: readonly TensorSpec[];
  /** A 32-bit integer; the same seed gives the same samples everywhere. */
  seed: number;
  count: number;
  /** Input name → value range (inclusive for integers, [min, max) for floats). */
  ranges?: Record<string, ValueRange>;
  preset?: RangePreset;
}

const FLOAT_DTYPES: ReadonlySet<DType> = new Set(['float32', 'float64', 'float16', 'bfloat16']);

function defaultRange(dtype: DType, preset: RangePreset): ValueRange {
  if (preset === 'polygraphy') return { min: 0, max: 1 };
  if (FLOAT_DTYPES.has(dtype)) return { min: -1, max: 1 };
  if (dtype === 'uint8') return { min: 0, max: 255 };
  if (dtype === 'bool') return { min: 0, max: 1 };
  return { min: -128, max: 127 };
}

function randomTensor(rng: Xoshiro128, dtype: DType, shape: number[], range: ValueRange): Tensor {
  const count = elementCount(shape);
  const data = createStorage(dtype, count);
  const span = range.max - range.min;
  if (FLOAT_DTYPES.has(dtype)) {
    const encode = dtype === 'float16' ? float32ToFloat16Bits : dtype === 'bfloat16' ? float32ToBfloat16Bits : (v: number) => v;
    const out = data as Float64Array;
    for (let i = 0; i < count; i++) out[i] = encode(range.min + rng.nextFloat() * span);
  } else if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < count; i++) data[i] = BigInt(rng.nextInt(range.min, range.max));
  } else {
    const out = data as Int32Array;
    for (let i = 0; i < count; i++) out[i] = rng.nextInt(range.min, range.max);
  }
  return { dtype, shape, data } as Tensor;
}

function checkOptions(options: RandomSourceOptions): void {
  if (!Number.isInteger(options.seed)) throw new UsageError('E_RANDOM_PARAMS', `random data: seed must be an integer, got ${options.seed}`);
  if (!Number.isInteger(options.count) || options.count < 0) throw new UsageError('E_RANDOM_PARAMS', `random data: count must be a non-negative integer, got ${options.count}`);
  const names = options.specs.map((s) => s.name);
  for (const [name, range] of Object.entries(options.ranges ?? {})) {
    if (!names.includes(name)) throw new UsageError('E_RANDOM_PARAMS', `random data: a range is given for "${name}", which is not an input (inputs: ${names.join(', ')})`);
    if (!(range.min <= range.max)) throw new UsageError('E_RANDOM_PARAMS', `random data: the range of "${name}" has min ${range.min} > max ${range.max}`);
  }
  for (const spec of options.specs) {
    if (spec.dtype === 'string') throw new UsageError('E_RANDOM_PARAMS', `random data: input "${spec.name}" is a string tensor, which cannot be made up`, { hint: 'use a files data source' });
  }
}

/**
 * Seeded random inputs for a model's input specs. Sample i draws from its own stream (seed, i), so the
 * samples are the same however many are taken, and each is generated only when the consumer asks for it.
 * Shapes are resolved once, up front, so a missing dynamic dim fails before anything runs.
 */
export function randomSource(options: RandomSourceOptions): DataSource {
  checkOptions(options);
  const preset = options.preset ?? 'polygraphy';
  const plan = options.specs.map((spec) => ({
    spec,
    shape: resolveShape(spec, options),
    range: options.ranges?.[spec.name] ?? defaultRange(spec.dtype, preset),
  }));
  return {
    count: options.count,
    describe: () =>
      `random (seed ${options.seed}, ${options.count} samples: ${plan.map((p) => `${p.spec.name} ${p.spec.dtype} [${p.shape.join('x')}] in [${p.range.min}, ${p.range.max}]`).join(', ')})`,
    async *samples(signal?: AbortSignal): AsyncIterable<Sample> {
      for (let index = 0; index < options.count; index++) {
        if (signal?.aborted) throw new InterruptedError();
        const rng = seededRandom(options.seed, index);
        const feeds: Record<string, Tensor> = {};
        for (const { spec, shape, range } of plan) feeds[spec.name] = randomTensor(rng, spec.dtype, shape, range);
        yield { id: `random/${index}`, feeds };
      }
    },
  };
}
