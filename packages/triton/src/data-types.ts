// Triton's data types against ONNX's and TensorRT's (server docs/user_guide/model_configuration.md
// "Datatypes"). ONNX types are named as @pipeline/tensor names them (`float32`); TensorRT types as
// nvinfer1::DataType (`kFLOAT`), with or without the `k`, or as the dtype names trtexec prints.
import type { DataType } from '@pipeline/triton-config';

const FROM_ONNX: Record<string, DataType> = {
  bool: 'TYPE_BOOL',
  uint8: 'TYPE_UINT8',
  uint16: 'TYPE_UINT16',
  uint32: 'TYPE_UINT32',
  uint64: 'TYPE_UINT64',
  int8: 'TYPE_INT8',
  int16: 'TYPE_INT16',
  int32: 'TYPE_INT32',
  int64: 'TYPE_INT64',
  float16: 'TYPE_FP16',
  float32: 'TYPE_FP32',
  float64: 'TYPE_FP64',
  string: 'TYPE_STRING',
};

const FROM_TENSORRT: Record<string, DataType> = {
  BOOL: 'TYPE_BOOL',
  UINT8: 'TYPE_UINT8',
  INT8: 'TYPE_INT8',
  INT32: 'TYPE_INT32',
  INT64: 'TYPE_INT64',
  HALF: 'TYPE_FP16',
  FLOAT: 'TYPE_FP32',
  BF16: 'TYPE_BF16',
};
const TENSORRT_ALIASES: Record<string, string> = {
  FP16: 'HALF',
  FP32: 'FLOAT',
  FLOAT16: 'HALF',
  FLOAT32: 'FLOAT',
  BFLOAT16: 'BF16',
};

/** TYPE_* for an ONNX element type, or undefined when Triton's ONNX Runtime backend has none (bf16, fp8, int4, complex). */
export function tritonTypeFromOnnx(dtype: string): DataType | undefined {
  return FROM_ONNX[dtype];
}

/** The ONNX element type (as @pipeline/tensor names it) for a TYPE_*, or undefined when the ONNX Runtime backend has none (TYPE_BF16). */
export function onnxTypeFromTriton(type: string): string | undefined {
  return Object.keys(FROM_ONNX).find((dtype) => FROM_ONNX[dtype] === type);
}

/** TYPE_* for a TensorRT tensor type (`kHALF`, `HALF`, `float16`), or undefined (kFP8, kINT4, kFP4). */
export function tritonTypeFromTensorrt(dtype: string): DataType | undefined {
  const upper = dtype.replace(/^k(?=[A-Z])/, '').toUpperCase();
  return FROM_TENSORRT[TENSORRT_ALIASES[upper] ?? upper];
}
