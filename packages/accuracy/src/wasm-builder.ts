/**
 * A minimal writer of WebAssembly binaries, so the comparison's SIMD kernel (elementwise-wasm.ts) is
 * built from readable TypeScript at load time instead of shipping an opaque blob or adding a toolchain.
 * It knows only what that kernel uses: one memory, functions, exports, and the instructions in `op`.
 * Encodings follow the WebAssembly core specification's binary format (§5) and its SIMD128 extension
 * (prefix 0xFD, then the instruction number as LEB128).
 */

/** Value types (spec §5.3.1). */
export const type = { i32: 0x7f, i64: 0x7e, f64: 0x7c, v128: 0x7b } as const;
export type ValueType = (typeof type)[keyof typeof type];

/** Unsigned LEB128 (spec §5.2.2). */
export function unsigned(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return out;
}

/** Signed LEB128, for i32.const (spec §5.2.2). */
export function signed(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function f64Bytes(value: number): number[] {
  return [...new Uint8Array(Float64Array.of(value).buffer)];
}

/** A memory access's alignment (log2 of bytes) and offset. */
function memarg(alignLog2: number, offset = 0): number[] {
  return [...unsigned(alignLog2), ...unsigned(offset)];
}

const simd = (code: number, ...rest: number[]): number[] => [0xfd, ...unsigned(code), ...rest];

/** Instructions, each returning its bytes; operands are pushed by the instructions before it. */
export const op = {
  // Control (§5.4.1). Blocks here never yield values: block type 0x40 (empty).
  block: () => [0x02, 0x40],
  loop: () => [0x03, 0x40],
  if: () => [0x04, 0x40],
  end: () => [0x0b],
  br: (depth: number) => [0x0c, ...unsigned(depth)],
  brIf: (depth: number) => [0x0d, ...unsigned(depth)],
  return: () => [0x0f],
  // Variables (§5.4.4).
  get: (local: number) => [0x20, ...unsigned(local)],
  set: (local: number) => [0x21, ...unsigned(local)],
  // Memory (§5.4.6).
  f64Load: (offset: number) => [0x2b, ...memarg(3, offset)],
  f64Store: (offset: number) => [0x39, ...memarg(3, offset)],
  i32Load: (offset: number) => [0x28, ...memarg(2, offset)],
  i32Store: (offset: number) => [0x36, ...memarg(2, offset)],
  // Numeric (§5.4.7).
  i32Const: (value: number) => [0x41, ...signed(value)],
  f64Const: (value: number) => [0x44, ...f64Bytes(value)],
  i32GeU: () => [0x4f],
  i32Add: () => [0x6a],
  i32Sub: () => [0x6b],
  i32And: () => [0x71],
  i32Shl: () => [0x74],
  i32ShrU: () => [0x76],
  i64Add: () => [0x7c],
  f64Ne: () => [0x62],
  f64Sub: () => [0xa1],
  f64Add: () => [0xa0],
  f64Max: () => [0xa5],
  f64ConvertI64S: () => [0xb9],
  // Vector instructions (SIMD128, §5.4.8).
  v128Load: () => simd(0x00, ...memarg(4)),
  v128Load64Zero: () => simd(0x5d, ...memarg(3)),
  v128Store64Lane: (lane: number) => simd(0x5b, ...memarg(3), lane),
  v128Const: (bytes: readonly number[]) => simd(0x0c, ...bytes),
  i32x4Splat: () => simd(0x11),
  i32x4ExtractLane: (lane: number) => simd(0x1b, lane),
  i32x4Eq: () => simd(0x37),
  i32x4ShrU: () => simd(0xad),
  v128Or: () => simd(0x50),
  v128AnyTrue: () => simd(0x53),
  f64x2Splat: () => simd(0x14),
  f64x2ExtractLane: (lane: number) => simd(0x21, lane),
  i64x2ExtractLane: (lane: number) => simd(0x1d, lane),
  f64x2Eq: () => simd(0x47),
  f64x2Gt: () => simd(0x4a),
  v128And: () => simd(0x4e),
  v128Bitselect: () => simd(0x52),
  f32x4DemoteF64x2Zero: () => simd(0x5e),
  f64x2PromoteLowF32x4: () => simd(0x5f),
  i64x2Sub: () => simd(0xd1),
  f64x2Abs: () => simd(0xec),
  f64x2Sub: () => simd(0xf1),
  f64x2Mul: () => simd(0xf2),
  f64x2Div: () => simd(0xf3),
  f64x2Pmax: () => simd(0xf7),
} as const;

/** A function: its signature, its locals beyond the parameters (in runs of one type), its body. */
export interface FunctionDefinition {
  name: string;
  params: ValueType[];
  results: ValueType[];
  locals: [count: number, type: ValueType][];
  body: number[][];
}

function vector(items: number[][]): number[] {
  return [...unsigned(items.length), ...items.flat()];
}

function section(id: number, content: number[]): number[] {
  return [id, ...unsigned(content.length), ...content];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...unsigned(bytes.length), ...bytes];
}

/** A module with one memory of `pages` × 64 KiB exported as "memory", and the functions exported by name. */
export function moduleBytes(pages: number, functions: readonly FunctionDefinition[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))]);
  const code = functions.map((f) => {
    const body = [...vector(f.locals.map(([count, t]) => [...unsigned(count), t])), ...f.body.flat(), 0x0b];
    return [...unsigned(body.length), ...body];
  });
  const exports = [[...name('memory'), 0x02, 0x00], ...functions.map((f, i) => [...name(f.name), 0x00, ...unsigned(i)])];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((_, i) => unsigned(i)))),
    ...section(5, vector([[0x00, ...unsigned(pages)]])), // limits: a minimum, no maximum
    ...section(7, vector(exports)),
    ...section(10, vector(code)),
  ]);
}
