import type { Tensor } from '@pipeline/tensor';
import { StageFailedError } from '@pipeline/errors';
import { float16ToFloat32 } from './float16.js';
import type { FloatData } from './elementwise.js';

/** Float types compare as they are; float16/bfloat16 bits are decoded; integer outputs are widened to float64. */
export function tensorAsFloat(tensor: Tensor, what: string): FloatData {
  const data = tensor.data;
  switch (tensor.dtype) {
    case 'float32':
    case 'float64':
      return data as FloatData;
    case 'float16':
      return float16ToFloat32(data as Uint16Array);
    case 'bfloat16': {
      // bfloat16 is the top half of a float32: shift the bits into place.
      const bits = data as Uint16Array;
      const words = new Uint32Array(bits.length);
      for (let i = 0; i < bits.length; i++) words[i] = bits[i]! << 16;
      return new Float32Array(words.buffer);
    }
    case 'string':
      throw new StageFailedError('E_COMPARE_DTYPE', `${what} is a string tensor; only numeric outputs can be compared`);
    default: {
      const out = new Float64Array(tensor.data.length);
      const source = data as ArrayLike<number | bigint>;
      for (let i = 0; i < out.length; i++) out[i] = Number(source[i]!);
      return out;
    }
  }
}
