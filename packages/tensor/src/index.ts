export { DTYPES, dtypeFromOnnx, isDType } from './dtype.js';
export type { DType, DTypeStorage } from './dtype.js';
export {
  bfloat16ArrayToFloat32,
  bfloat16BitsToFloat32,
  float16ArrayToFloat32,
  float16BitsToFloat32,
  float32ArrayToBfloat16,
  float32ArrayToFloat16,
  float32ToBfloat16Bits,
  float32ToFloat16Bits,
} from './half-float.js';
export { imageToTensor } from './image.js';
export type { ImageTensorOptions } from './image.js';
export { decodeKServeJson, encodeKServeJson, fromKServeTensor, KSERVE_DATATYPES, toKServeTensor } from './kserve-json.js';
export type { KServeTensor } from './kserve-json.js';
export { fortranToRowMajor } from './layout.js';
export { decodeNpy, encodeNpy } from './npy.js';
export { decodeNpz, encodeNpz } from './npz.js';
export type { EncodeNpzOptions } from './npz.js';
export { decodeRaw, encodeRaw, parseRawBindingFileName, rawBindingFileName } from './raw.js';
export type { RawBindingFile } from './raw.js';
export { createStorage, STORAGE_CLASS, storageFromNumbers, tensorToFloat32 } from './storage.js';
export { elementCount } from './tensor.js';
export type { Tensor, TensorSpec } from './tensor.js';
export { TensorCode } from './codes.js';
