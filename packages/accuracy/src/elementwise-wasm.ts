/**
 * The float32 fast path in WebAssembly SIMD: the same work as `accumulateFloat32Chunk` (see
 * elementwise-float32.ts) with the same bits out. Two elements per step in f64x2 lanes: both inputs are
 * promoted to float64 BEFORE any arithmetic, so d = f64(c) − f64(r), |d|, |d|/max(|r|, ε) and the products
 * are the float64 operations JS performs. The sums take lane 0 then lane 1, one scalar addition each, so
 * every sum is still added in index order (the additions are the loop's critical path, ≈ 4 cycles per
 * element; the SIMD lanes only cut the rest). Maxima and the failure count are order-free and stay in
 * vectors until the end of the chunk (`pmax` needs no NaN handling: a chunk with a NaN is redone anyway).
 *
 * The chunk is copied into the module's own memory (each thread instantiates its own) and |a−b| (and
 * the relative errors) copied back out: four memcpy's of 64 KiB, cheap next to the JS loop they replace.
 * The error histogram is counted in the module too (flushed into the part's counts after each range),
 * and the selection's gather filters its candidates here (gather-wasm.ts). Measured on the bench's 4 M
 * elements, one thread: the pass 5.8 → 3.0 ns per element, median and p99 2.7 → 1.9 ns.
 * Without WebAssembly SIMD (`WebAssembly.validate` fails) the JS loop runs, with the same results.
 */
import type { ElementPassResult, PartScratch } from './pass-state.js';
import { countBins } from './elementwise-float32.js';
import { errorHistogramBin } from './error-histogram.js';
import { filterWantedBins, MAX_WANTED_BINS } from './gather-wasm.js';
import { type FunctionDefinition, moduleBytes, op, type } from './wasm-builder.js';

/** Elements per call: the JS chunk's size (elementwise.ts `CHUNK`); the buffers below hold that many. */
export const WASM_CHUNK = 1 << 14;
const PAGE = 1 << 16;
/** Byte offsets in the module's memory: the state words, then one page per array. */
const STATE = 0;
const REF = PAGE;
const CAND = 2 * PAGE;
const ABS = 3 * PAGE;
const REL = 4 * PAGE;
const PAGES = 5;
/** Two histograms of |a−b| (even and odd elements: consecutive increments of one bin would wait on each other). */
const HISTOGRAM = 0x1000;
const HISTOGRAM_BYTES = 4096 * 4;
/** Chunks shorter than this count their bins in JS: a histogram flush (4,096 words) would cost more. */
const MIN_WASM_HISTOGRAM = 4096;
/** The state words (float64) the kernel reads and, when the chunk was finite, writes back. */
const S = { sumAbs: 0, maxAbs: 1, sumRel: 2, maxRel: 3, dot: 4, refSquares: 5, candSquares: 6, errorSquares: 7, refPeak: 8, failed: 9, atol: 10, rtol: 11 } as const;
const EPSILON = 2.220446049250313e-16; // RELATIVE_ERROR_EPSILON

// Locals of the kernel: the parameters first.
const [refAt, candAt, absAt, relAt, bytes, keepRel, binsOn, i] = [0, 1, 2, 3, 4, 5, 6, 7];
const [sumAbs, sumRel, dot, refSquares, candSquares, errorSquares] = [8, 9, 10, 11, 12, 13];
const [maxAbs, maxRel, refPeak, failed, atol, rtol, r, c, d, a, magnitude, e, t] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26];
const BIN_SHIFT = 19; // error-histogram.ts

/** histogram[bin of the float32 at absAt + i + lane·4]++ (histogram `lane`). */
function countBin(lane: number): number[] {
  const bin = [...op.get(absAt), ...op.get(i), ...op.i32Add(), ...op.i32Load(lane * 4), ...op.i32Const(BIN_SHIFT), ...op.i32ShrU(), ...op.i32Const(2), ...op.i32Shl()];
  const at = HISTOGRAM + lane * HISTOGRAM_BYTES;
  return [...bin, ...bin, ...op.i32Load(at), ...op.i32Const(1), ...op.i32Add(), ...op.i32Store(at)];
}

const f64x2Bytes = (x: number): number[] => [...new Uint8Array(Float64Array.of(x, x).buffer)];

/** `sum += v[0]; sum += v[1]`: index order. */
function addLanes(sum: number, v: number[]): number[][] {
  return [0, 1].flatMap((lane) => [op.get(sum), v, op.f64x2ExtractLane(lane), op.f64Add(), op.set(sum)]);
}

/** A promoted pair of float32s at `base + i`. */
function loadPair(base: number): number[][] {
  return [op.get(base), op.get(i), op.i32Add(), op.v128Load64Zero(), op.f64x2PromoteLowF32x4()];
}

/** The pair as float32s, stored at `base + i`. */
function storePair(base: number, value: number): number[][] {
  return [op.get(base), op.get(i), op.i32Add(), op.get(value), op.f32x4DemoteF64x2Zero(), op.v128Store64Lane(0)];
}

/**
 * chunk(ref, cand, abs, rel, count, keepRel, countBins) → 1, or 0 when a pair was not finite (state
 * untouched). Addresses are byte offsets; `count` is even. With `countBins`, a finite chunk's |a−b| are
 * then counted into the module's histograms (flushed by `flushWasmHistogram`).
 */
const chunk: FunctionDefinition = {
  name: 'chunk',
  params: [type.i32, type.i32, type.i32, type.i32, type.i32, type.i32, type.i32],
  results: [type.i32],
  locals: [
    [1, type.i32],
    [6, type.f64],
    [13, type.v128],
  ],
  body: [
    [...op.get(bytes), ...op.i32Const(2), ...op.i32Shl(), ...op.set(bytes)],
    ...(
      [
        [sumAbs, S.sumAbs],
        [sumRel, S.sumRel],
        [dot, S.dot],
        [refSquares, S.refSquares],
        [candSquares, S.candSquares],
        [errorSquares, S.errorSquares],
      ] as const
    ).map(([local, word]) => [...op.i32Const(0), ...op.f64Load(STATE + 8 * word), ...op.set(local)]),
    ...(
      [
        [maxAbs, S.maxAbs],
        [maxRel, S.maxRel],
        [refPeak, S.refPeak],
        [atol, S.atol],
        [rtol, S.rtol],
      ] as const
    ).map(([local, word]) => [...op.i32Const(0), ...op.f64Load(STATE + 8 * word), ...op.f64x2Splat(), ...op.set(local)]),
    op.v128Const(new Array(16).fill(0)),
    op.set(failed),
    op.block(),
    op.loop(),
    [...op.get(i), ...op.get(bytes), ...op.i32GeU(), ...op.brIf(1)],
    ...loadPair(refAt),
    op.set(r),
    ...loadPair(candAt),
    op.set(c),
    [...op.get(c), ...op.get(r), ...op.f64x2Sub(), ...op.set(d)],
    [...op.get(d), ...op.f64x2Abs(), ...op.set(a)],
    [...op.get(r), ...op.f64x2Abs(), ...op.set(magnitude)],
    // e = a / (magnitude == 0 ? ε : magnitude)
    [...op.get(a), ...op.v128Const(f64x2Bytes(EPSILON)), ...op.get(magnitude), ...op.get(magnitude), ...op.v128Const(new Array(16).fill(0))],
    [...op.f64x2Eq(), ...op.v128Bitselect(), ...op.f64x2Div(), ...op.set(e)],
    ...storePair(absAt, a),
    [...op.get(keepRel), ...op.if(), ...storePair(relAt, e).flat(), ...op.end()],
    ...addLanes(sumAbs, op.get(a)),
    [...op.get(maxAbs), ...op.get(a), ...op.f64x2Pmax(), ...op.set(maxAbs)],
    ...addLanes(sumRel, op.get(e)),
    [...op.get(maxRel), ...op.get(e), ...op.f64x2Pmax(), ...op.set(maxRel)],
    [...op.get(r), ...op.get(c), ...op.f64x2Mul(), ...op.set(t)],
    ...addLanes(dot, op.get(t)),
    [...op.get(r), ...op.get(r), ...op.f64x2Mul(), ...op.set(t)],
    ...addLanes(refSquares, op.get(t)),
    [...op.get(c), ...op.get(c), ...op.f64x2Mul(), ...op.set(t)],
    ...addLanes(candSquares, op.get(t)),
    [...op.get(d), ...op.get(d), ...op.f64x2Mul(), ...op.set(t)],
    ...addLanes(errorSquares, op.get(t)),
    [...op.get(refPeak), ...op.get(magnitude), ...op.f64x2Pmax(), ...op.set(refPeak)],
    // Polygraphy's rule: a lane fails when a > atol AND e > rtol (all ones, i.e. −1, subtracted).
    [...op.get(failed), ...op.get(a), ...op.get(atol), ...op.f64x2Gt(), ...op.get(e), ...op.get(rtol), ...op.f64x2Gt()],
    [...op.v128And(), ...op.i64x2Sub(), ...op.set(failed)],
    [...op.get(i), ...op.i32Const(8), ...op.i32Add(), ...op.set(i), ...op.br(0)],
    op.end(),
    op.end(),
    // A NaN/Inf pair made Σ|a−b| non-finite: report it and leave the state as it was.
    [...op.get(sumAbs), ...op.get(sumAbs), ...op.f64Sub(), ...op.f64Const(0), ...op.f64Ne(), ...op.if(), ...op.i32Const(0), ...op.return(), ...op.end()],
    ...(
      [
        [sumAbs, S.sumAbs],
        [sumRel, S.sumRel],
        [dot, S.dot],
        [refSquares, S.refSquares],
        [candSquares, S.candSquares],
        [errorSquares, S.errorSquares],
      ] as const
    ).map(([local, word]) => [...op.i32Const(0), ...op.get(local), ...op.f64Store(STATE + 8 * word)]),
    ...(
      [
        [maxAbs, S.maxAbs],
        [maxRel, S.maxRel],
        [refPeak, S.refPeak],
      ] as const
    ).map(([local, word]) => [...op.i32Const(0), ...op.get(local), ...op.f64x2ExtractLane(0), ...op.get(local), ...op.f64x2ExtractLane(1), ...op.f64Max(), ...op.f64Store(STATE + 8 * word)]),
    [...op.i32Const(0), ...op.get(failed), ...op.i64x2ExtractLane(0), ...op.get(failed), ...op.i64x2ExtractLane(1), ...op.i64Add(), ...op.f64ConvertI64S()],
    op.f64Store(STATE + 8 * S.failed),
    // The error histogram, from the bits of the |a−b| just stored (two elements, one per histogram, per step).
    [...op.get(binsOn), ...op.if(), ...op.i32Const(0), ...op.set(i), ...op.block(), ...op.loop()],
    [...op.get(i), ...op.get(bytes), ...op.i32GeU(), ...op.brIf(1), ...countBin(0), ...countBin(1)],
    [...op.get(i), ...op.i32Const(8), ...op.i32Add(), ...op.set(i), ...op.br(0), ...op.end(), ...op.end(), ...op.end()],
    op.i32Const(1),
  ],
};

/** The module's bytes, built from the definition above (a test checks they validate and match the JS loop). */
export function kernelBytes(): Uint8Array {
  return moduleBytes(PAGES, [chunk, filterWantedBins]);
}

interface Kernel {
  chunk: (ref: number, cand: number, abs: number, rel: number, count: number, keepRel: number, countBins: number) => number;
  filter: (values: number, count: number, out: number, bin0: number, bin1: number, bin2: number, bin3: number) => number;
  f32: Float32Array;
  u32: Uint32Array;
  f64: Float64Array;
  histograms: Int32Array;
  /** Whether the histograms hold counts not yet flushed. */
  counted: boolean;
}

/** undefined: not built yet; null: WebAssembly SIMD is unavailable (or the kernel is switched off). */
let kernel: Kernel | null | undefined;
let enabled = true;

/** The little of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

function buildKernel(): Kernel | null {
  try {
    const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    const bytes = kernelBytes();
    if (!api?.validate(bytes)) return null;
    const { exports } = new api.Instance(new api.Module(bytes));
    const { buffer } = exports.memory as { buffer: ArrayBuffer };
    const histograms = new Int32Array(buffer, HISTOGRAM, (2 * HISTOGRAM_BYTES) / 4);
    const filter = exports.filter as Kernel['filter'];
    return { chunk: exports.chunk as Kernel['chunk'], filter, f32: new Float32Array(buffer), u32: new Uint32Array(buffer), f64: new Float64Array(buffer), histograms, counted: false };
  } catch {
    return null;
  }
}

/** The kernel when it can run here (built on first use, per thread). */
export function wasmKernel(): Kernel | undefined {
  if (!enabled) return undefined;
  if (kernel === undefined) kernel = buildKernel();
  return kernel ?? undefined;
}

/** Switches this thread between the WebAssembly kernel and the JS loop (same results; for tests and benchmarks). */
export function setWasmComparisonEnabled(on: boolean): void {
  enabled = on;
}

/** Whether this thread compares float32 chunks in WebAssembly SIMD. */
export function wasmComparisonActive(): boolean {
  return wasmKernel() !== undefined;
}

/**
 * `accumulateFloat32Chunk` in WebAssembly, for an EVEN number of pairs `[start, end)` (at most WASM_CHUNK):
 * true when added to `s`, false (nothing changed) when a pair was not finite.
 */
export function accumulateFloat32ChunkWasm(
  k: Kernel,
  ref: Float32Array,
  cand: Float32Array,
  start: number,
  end: number,
  atol: number,
  rtol: number,
  scratch: PartScratch,
  s: ElementPassResult,
): boolean {
  const { f32, f64 } = k;
  const count = end - start;
  f32.set(ref.subarray(start, end), REF / 4);
  f32.set(cand.subarray(start, end), CAND / 4);
  f64[S.sumAbs] = s.sumAbs;
  f64[S.maxAbs] = s.maxAbs;
  f64[S.sumRel] = s.sumRel;
  f64[S.maxRel] = s.maxRel;
  f64[S.dot] = s.dot;
  f64[S.refSquares] = s.refSquares;
  f64[S.candSquares] = s.candSquares;
  f64[S.errorSquares] = s.errorSquares;
  f64[S.refPeak] = s.refPeak;
  f64[S.atol] = atol;
  f64[S.rtol] = rtol;
  const { abs, absBits, rel, absCounts } = scratch;
  const binsHere = count >= MIN_WASM_HISTOGRAM;
  if (k.chunk(REF, CAND, ABS, REL, count, rel === undefined ? 0 : 1, binsHere ? 1 : 0) === 0) return false;
  abs.set(f32.subarray(ABS / 4, ABS / 4 + count), s.finite);
  if (rel !== undefined) rel.set(f32.subarray(REL / 4, REL / 4 + count), s.finite);
  if (binsHere) k.counted = true;
  else countBins(absBits, s.finite, s.finite + count, absCounts);
  const maxAbs = f64[S.maxAbs]!;
  if (maxAbs > s.maxAbs) s.argMaxAbs = firstIndexOfAbsError(ref, cand, start, end, maxAbs);
  s.finite += count;
  s.sumAbs = f64[S.sumAbs]!;
  s.maxAbs = maxAbs;
  s.sumRel = f64[S.sumRel]!;
  s.maxRel = f64[S.maxRel]!;
  s.dot = f64[S.dot]!;
  s.refSquares = f64[S.refSquares]!;
  s.candSquares = f64[S.candSquares]!;
  s.errorSquares = f64[S.errorSquares]!;
  s.refPeak = f64[S.refPeak]!;
  s.failed += f64[S.failed]!;
  return true;
}

/** Adds the kernel's histograms to `counts` and clears them: after the chunks of a range, before anyone reads `counts`. */
export function flushWasmHistogram(k: Kernel, counts: Int32Array): void {
  if (!k.counted) return;
  const { histograms } = k;
  const bins = HISTOGRAM_BYTES / 4;
  for (let b = 0; b < bins; b++) counts[b]! += histograms[b]! + histograms[b + bins]!;
  histograms.fill(0);
  k.counted = false;
}

/**
 * `gatherRange` (or, `descending`, `gatherRangeDown`) of quickselect.ts with the filtering in WebAssembly:
 * the values of `[from, to)` whose bin has a slot go to that slot's cursor, in index order. Returns false
 * (nothing done) when more than MAX_WANTED_BINS bins are wanted.
 */
export function gatherWantedWasm(
  k: Kernel,
  values: Float32Array,
  bits: Uint32Array,
  from: number,
  to: number,
  slotOfBin: Int16Array,
  cursor: Int32Array,
  gather: Float32Array,
  descending: boolean,
): boolean {
  const bins: number[] = [];
  for (let b = 0; b < slotOfBin.length; b++) if (slotOfBin[b]! >= 0) bins.push(b);
  if (bins.length > MAX_WANTED_BINS) return false;
  const [b0 = -1, b1 = -1, b2 = -1, b3 = -1] = bins;
  const { f32, u32 } = k;
  for (let start = from; start < to; start += WASM_CHUNK) {
    const end = Math.min(to, start + WASM_CHUNK);
    const aligned = (end - start) & ~3;
    f32.set(values.subarray(start, start + aligned), REF / 4);
    const kept = k.filter(REF, aligned, ABS, b0, b1, b2, b3);
    for (let j = ABS / 4; j < ABS / 4 + kept; j++) dealValue(f32[j]!, u32[j]!, slotOfBin, cursor, gather, descending);
    // A last chunk's 1–3 values past a multiple of four.
    for (let j = start + aligned; j < end; j++) if (slotOfBin[errorHistogramBin(bits[j]!) & 4095]! >= 0) dealValue(values[j]!, bits[j]!, slotOfBin, cursor, gather, descending);
  }
  return true;
}

function dealValue(value: number, bits: number, slotOfBin: Int16Array, cursor: Int32Array, gather: Float32Array, descending: boolean): void {
  const slot = slotOfBin[errorHistogramBin(bits) & 4095]!;
  if (descending) gather[--cursor[slot]!] = value;
  else gather[cursor[slot]!++] = value;
}

/** As in elementwise-float32.ts: the first index whose |a−b| is `max` (runs when a chunk raises the maximum). */
function firstIndexOfAbsError(ref: Float32Array, cand: Float32Array, start: number, end: number, max: number): number {
  for (let i = start; i < end; i++) if (Math.abs(cand[i]! - ref[i]!) === max) return i;
  return -1;
}
