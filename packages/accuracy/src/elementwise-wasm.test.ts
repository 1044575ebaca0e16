import { afterEach, describe, expect, it } from 'vitest';
import { pseudoRandom, testOutputs } from './test-outputs.testing.js';
import {
  type ComparisonScratch,
  compareElements,
  compareOutput,
  createScratch,
  DEFAULT_CHECK,
  PART_SIZE,
  passQuantiles,
  radixQuantiles,
  SPLIT_MIN_ELEMENTS,
  setWasmComparisonEnabled,
  wasmComparisonActive,
} from '@pipeline/accuracy';
import { kernelBytes } from './elementwise-wasm.js';
import { signed, unsigned } from './wasm-builder.js';

/**
 * The WebAssembly SIMD kernel (pass and gather) against the JS loops it replaces, which stay as the
 * fallback where WebAssembly SIMD is missing: every figure must be EQUAL, bit for bit.
 */

/** Everything a pass leaves: the state, the finite |a−b| and relative errors of each part, histograms, quantiles. */
function passFigures(ref: Float32Array, cand: Float32Array, wasm: boolean) {
  setWasmComparisonEnabled(wasm);
  const scratch: ComparisonScratch = createScratch(ref.length, true, false);
  const state = { ...compareElements(ref, cand, { atol: 1e-4, rtol: 1e-3 }, scratch) };
  const { starts, finite } = scratch.layout;
  const kept = (values: Float32Array) => starts.flatMap((start, p) => Array.from(values.subarray(start, start + finite[p]!)));
  const figures = {
    state,
    layout: structuredClone(scratch.layout),
    abs: kept(scratch.abs),
    rel: kept(scratch.rel!),
    absCounts: Array.from(scratch.absCounts),
    relCounts: Array.from(scratch.relCounts),
  };
  // Two quantiles (at most four wanted bins: the SIMD gather) and five (the JS gather, in both modes).
  const quantiles = [
    passQuantiles(scratch, 'abs', [0.5, 0.99]),
    passQuantiles(scratch, 'rel', [0.5, 0.99]),
    passQuantiles(scratch, 'abs', [0.1, 0.25, 0.5, 0.75, 0.999]),
  ];
  return { ...figures, quantiles };
}

describe('the WebAssembly SIMD comparison kernel', () => {
  afterEach(() => setWasmComparisonEnabled(true));

  it('is built, validated and used on this Node (WebAssembly SIMD128 is available)', () => {
    // The project's TypeScript libs do not declare the WebAssembly API.
    const api = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
    expect(api.validate(kernelBytes())).toBe(true);
    expect(wasmComparisonActive()).toBe(true);
    setWasmComparisonEnabled(false);
    expect(wasmComparisonActive()).toBe(false);
  });

  it('encodes LEB128 as the spec examples', () => {
    expect(unsigned(0)).toEqual([0]);
    expect(unsigned(624_485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(signed(-1)).toEqual([0x7f]);
    expect(signed(63)).toEqual([0x3f]);
    expect(signed(64)).toEqual([0xc0, 0x00]);
    expect(signed(-123_456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  // 0, 1, 2, 3, odd, around the 16,384-element chunk, around the split (parts of PART_SIZE), large.
  const sizes = [0, 1, 2, 3, 5, 999, 16_383, 16_384, 16_385, 100_003, SPLIT_MIN_ELEMENTS - 1, SPLIT_MIN_ELEMENTS, SPLIT_MIN_ELEMENTS + PART_SIZE + 3];
  const cases = sizes.flatMap((n) => [0, 1e-5, 0.05].map((rate) => ({ n, rate })));
  it.each(cases)('gives the JS loops’ figures bit for bit: n = $n, NaN/Inf rate $rate', ({ n, rate }) => {
    const { ref, cand } = testOutputs(n, n * 7 + Math.round(rate * 1e6), rate);
    const js = passFigures(ref, cand, false);
    const wasm = passFigures(ref, cand, true);
    // toEqual tells 0 from −0 and NaN equals NaN: the figures must be the same numbers.
    expect(wasm.state).toEqual(js.state);
    expect(wasm.layout).toEqual(js.layout);
    expect(wasm.absCounts).toEqual(js.absCounts);
    expect(wasm.relCounts).toEqual(js.relCounts);
    expect(wasm.quantiles).toEqual(js.quantiles);
    // Array equality element by element is slow on a million entries; compare the bits at once.
    expect(Buffer.from(Float32Array.from(wasm.abs).buffer).equals(Buffer.from(Float32Array.from(js.abs).buffer))).toBe(true);
    expect(Buffer.from(Float32Array.from(wasm.rel).buffer).equals(Buffer.from(Float32Array.from(js.rel).buffer))).toBe(true);
  });

  it('gathers the same slots as the JS loop, the length not a multiple of four included', () => {
    for (const n of [1, 6, 16_387, 40_001]) {
      const rand = pseudoRandom(n);
      const values = Float32Array.from({ length: n }, () => Math.floor(rand() * 64) / 256);
      const run = (wasm: boolean) => {
        setWasmComparisonEnabled(wasm);
        const copy = values.slice();
        const counts = new Int32Array(4096);
        const bits = new Uint32Array(copy.buffer);
        for (const b of bits) counts[b >>> 19]!++;
        return radixQuantiles(copy, bits, n, counts, [0.5, 0.99], new Float32Array(n));
      };
      expect(run(true)).toEqual(run(false));
    }
  });

  it('gives compareOutput the same statistics through both paths', () => {
    const { ref, cand } = testOutputs(300_001, 3, 1e-5);
    const tensor = (data: Float32Array) => ({ dtype: 'float32' as const, shape: [data.length], data });
    const options = { ...DEFAULT_CHECK, atol: 1e-4, rtol: 1e-3, check: 'median' as const };
    const run = (wasm: boolean) => {
      setWasmComparisonEnabled(wasm);
      return compareOutput('y', tensor(ref), tensor(cand), options, createScratch(ref.length, true, false));
    };
    expect(run(true)).toEqual(run(false));
  });
});
