/**
 * Element types, named as ONNX Runtime and numpy name them. The ONNX TensorProto.DataType numbers are
 * kept beside them because ONNX files, `.pb` test data and TensorRT logs speak in those.
 */
export const DTYPES = {
  float32: { onnx: 1, bytes: 4 },
  uint8: { onnx: 2, bytes: 1 },
  int8: { onnx: 3, bytes: 1 },
  uint16: { onnx: 4, bytes: 2 },
  int16: { onnx: 5, bytes: 2 },
  int32: { onnx: 6, bytes: 4 },
  int64: { onnx: 7, bytes: 8 },
  string: { onnx: 8, bytes: 0 },
  bool: { onnx: 9, bytes: 1 },
  float16: { onnx: 10, bytes: 2 },
  float64: { onnx: 11, bytes: 8 },
  uint32: { onnx: 12, bytes: 4 },
  uint64: { onnx: 13, bytes: 8 },
  bfloat16: { onnx: 16, bytes: 2 },
} as const;

export type DType = keyof typeof DTYPES;

/** How each dtype's elements are held in memory: 16-bit floats as their raw bits, 64-bit ints as bigints. */
export interface DTypeStorage {
  float32: Float32Array;
  float64: Float64Array;
  float16: Uint16Array;
  bfloat16: Uint16Array;
  int8: Int8Array;
  uint8: Uint8Array;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  int64: BigInt64Array;
  uint64: BigUint64Array;
  bool: Uint8Array;
  string: string[];
}

export function isDType(name: string): name is DType {
  return Object.hasOwn(DTYPES, name);
}

/** ONNX data-type number → dtype, built once: a model's reader asks for every tensor and value it decodes. */
const DTYPE_BY_ONNX_CODE: ReadonlyMap<number, DType> = new Map(Object.entries(DTYPES).map(([name, info]) => [info.onnx, name as DType]));

export function dtypeFromOnnx(code: number): DType | undefined {
  return DTYPE_BY_ONNX_CODE.get(code);
}
