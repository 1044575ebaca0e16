/**
 * The gather step of the radix selection (quickselect.ts) in WebAssembly SIMD: of a chunk of |a−b|
 * values, keep those whose histogram bin is one of up to four wanted bins, in index order. Four values
 * per step: their bins (bits >>> 19) are compared with the wanted bins at once, and only a step holding
 * a wanted value (a few percent) stores anything. The caller then deals the few kept values into their
 * slots exactly as the JS loop does (same values, same order), so the selection sees the same slots.
 * It shares the comparison kernel's module and memory (elementwise-wasm.ts).
 */
import { type FunctionDefinition, op, type } from './wasm-builder.js';

/** Most wanted bins one call can look for (two quantiles interpolating need at most four). */
export const MAX_WANTED_BINS = 4;
const BIN_SHIFT = 19; // error-histogram.ts

const [valuesAt, bytes, outAt] = [0, 1, 2];
const wantedParam = (w: number) => 3 + w;
const [i, k] = [7, 8];
const [bins, values, match] = [9, 10, 11];
const wanted = (w: number) => 12 + w;

/** filter(values, count, out, bin0, bin1, bin2, bin3) → how many values it kept at `out` (count a multiple of 4; unused bins −1). */
export const filterWantedBins: FunctionDefinition = {
  name: 'filter',
  params: [type.i32, type.i32, type.i32, type.i32, type.i32, type.i32, type.i32],
  results: [type.i32],
  locals: [
    [2, type.i32],
    [3 + MAX_WANTED_BINS, type.v128],
  ],
  body: [
    [...op.get(bytes), ...op.i32Const(2), ...op.i32Shl(), ...op.set(bytes), ...op.get(outAt), ...op.set(k)],
    ...[0, 1, 2, 3].map((w) => [...op.get(wantedParam(w)), ...op.i32x4Splat(), ...op.set(wanted(w))]),
    op.block(),
    op.loop(),
    [...op.get(i), ...op.get(bytes), ...op.i32GeU(), ...op.brIf(1)],
    [...op.get(valuesAt), ...op.get(i), ...op.i32Add(), ...op.v128Load(), ...op.set(values)],
    [...op.get(values), ...op.i32Const(BIN_SHIFT), ...op.i32x4ShrU(), ...op.set(bins)],
    [...op.get(bins), ...op.get(wanted(0)), ...op.i32x4Eq(), ...op.get(bins), ...op.get(wanted(1)), ...op.i32x4Eq(), ...op.v128Or()],
    [...op.get(bins), ...op.get(wanted(2)), ...op.i32x4Eq(), ...op.get(bins), ...op.get(wanted(3)), ...op.i32x4Eq(), ...op.v128Or(), ...op.v128Or()],
    [...op.set(match), ...op.get(match), ...op.v128AnyTrue(), ...op.if()],
    // Each lane is stored at k, and k moves on only for a wanted one (its match lane is all ones).
    ...[0, 1, 2, 3].map((lane) => [
      ...op.get(k),
      ...op.get(values),
      ...op.i32x4ExtractLane(lane),
      ...op.i32Store(0),
      ...op.get(k),
      ...op.get(match),
      ...op.i32x4ExtractLane(lane),
      ...op.i32Const(4),
      ...op.i32And(),
      ...op.i32Add(),
      ...op.set(k),
    ]),
    op.end(),
    [...op.get(i), ...op.i32Const(16), ...op.i32Add(), ...op.set(i), ...op.br(0)],
    op.end(),
    op.end(),
    [...op.get(k), ...op.get(outAt), ...op.i32Sub(), ...op.i32Const(2), ...op.i32ShrU()],
  ],
};
