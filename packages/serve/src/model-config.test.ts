import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TensorSpec } from '@pipeline/tensor';
import { describe, expect, it } from 'vitest';
import { completeOnnxConfig } from './complete-config.js';
import { configTypeOf, dtypeOfConfigType } from './model-config.js';

// The reference's type table (test/fixtures/reference/triton.md, "Datatypes"), read as a second source:
// | TYPE_* | protocol | ONNX (n) | TensorRT |, where an ONNX cell of "(not supported)" means the ONNX
// Runtime backend has no such type.
const reference = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/reference/triton.md'), 'utf8');
const rows = [...reference.matchAll(/^\| (TYPE_\w+) \| [^|]+ \| ([^|]+) \|/gm)].map((m) => ({ type: m[1] as string, onnx: (m[2] as string).trim() }));

const specs = (dtype: TensorSpec['dtype']) => ({ inputs: [{ name: 'x', dtype, shape: [1, 4] }] as TensorSpec[], outputs: [{ name: 'y', dtype, shape: [1, 4] }] as TensorSpec[] });
const declared = (type: string) => ({ input: [{ name: 'x', data_type: type, dims: [1, 4] }], output: [{ name: 'y', data_type: type, dims: [1, 4] }] });

describe('serve’s data types are Triton’s ONNX Runtime backend’s', () => {
  it('maps every type the reference gives an ONNX type for, both ways, and none other', () => {
    expect(rows.length).toBeGreaterThan(10);
    for (const { type, onnx } of rows) {
      const dtype = dtypeOfConfigType(type);
      if (onnx.includes('not supported')) expect(dtype, type).toBeUndefined();
      else expect(dtype && configTypeOf(dtype), type).toBe(type);
    }
  });

  it('serves a float16 model declared TYPE_FP16, and refuses a bfloat16 one declared TYPE_BF16 as Triton does (bf16 on ORT is unsupported)', () => {
    expect(completeOnnxConfig(declared('TYPE_FP16'), 'm', specs('float16')).input[0]?.data_type).toBe('TYPE_FP16');
    expect(() => completeOnnxConfig(declared('TYPE_BF16'), 'm', specs('bfloat16'))).toThrow(/unexpected datatype TYPE_BF16 for input 'x'/);
  });
});
