import type { Tensor } from '@pipeline/tensor';
import { describe, expect, it } from 'vitest';
import { decodeInferRequest, encodeInferRequest } from './infer-request.js';
import { decodeInferResponse, encodeInferResponse } from './infer-response.js';
import { tensorFromBytes, tensorToBytes } from './tensor-bytes.js';

const image: Tensor = { dtype: 'float32', shape: [1, 2, 3], data: Float32Array.from([0.1, -2.5, 3, 1e-7, 5, 6]) };
const words: Tensor = { dtype: 'string', shape: [2], data: ['ab', 'été'] };
const flags: Tensor = { dtype: 'bool', shape: [3], data: Uint8Array.from([1, 0, 1]) };

describe('the binary tensor extension', () => {
  it('writes BYTES as a 4-byte little-endian length and the UTF-8 bytes', () => {
    const bytes = Buffer.from(tensorToBytes(words));
    expect(bytes.readUInt32LE(0)).toBe(2);
    expect(bytes.toString('utf8', 4, 6)).toBe('ab');
    expect(bytes.readUInt32LE(6)).toBe(Buffer.byteLength('été'));
    expect(tensorFromBytes(bytes, 'BYTES', [2], 'w')).toEqual(words);
  });

  it('puts the JSON first, its length in the header, then the tensors in input order', () => {
    const { body, headerLength } = encodeInferRequest({ image, words }, { outputs: ['y'] });
    expect(headerLength).toBeGreaterThan(0);
    const header = JSON.parse(body.subarray(0, headerLength).toString('utf8'));
    expect(header.inputs).toEqual([
      { name: 'image', datatype: 'FP32', shape: [1, 2, 3], parameters: { binary_data_size: 24 } },
      { name: 'words', datatype: 'BYTES', shape: [2], parameters: { binary_data_size: 4 + 2 + 4 + Buffer.byteLength('été') } },
    ]);
    expect(header.outputs).toEqual([{ name: 'y', parameters: { binary_data: true } }]);
    expect(new Float32Array(body.buffer.slice(body.byteOffset + headerLength!, body.byteOffset + headerLength! + 24))).toEqual(image.data);
    const decoded = decodeInferRequest(body, headerLength);
    expect(decoded.inputs).toEqual([
      { name: 'image', tensor: image },
      { name: 'words', tensor: words },
    ]);
    expect(decoded.outputs).toEqual([{ name: 'y', binary: true }]);
  });

  it('sends JSON data when binary inputs are off, and reads it back', () => {
    const { body, headerLength } = encodeInferRequest({ flags }, { binaryInputs: false, binaryOutputs: false });
    expect(headerLength).toBeUndefined();
    expect(JSON.parse(body.toString()).inputs[0].data).toEqual([true, false, true]);
    expect(decodeInferRequest(body, undefined).inputs[0]?.tensor).toEqual(flags);
  });

  it('round-trips a response with one binary and one JSON output', () => {
    const { body, headerLength } = encodeInferResponse({ model_name: 'm', model_version: '1' }, [
      { name: 'a', tensor: image, binary: true },
      { name: 'b', tensor: flags, binary: false },
    ]);
    const { response, outputs } = decodeInferResponse(body, headerLength);
    expect(response.model_version).toBe('1');
    expect(outputs).toEqual({ a: image, b: flags });
  });

  it('refuses binary sizes that do not add up, after accepting the same request when they do', () => {
    const { body, headerLength } = encodeInferRequest({ image });
    expect(() => decodeInferRequest(body, headerLength)).not.toThrow();
    expect(() => decodeInferRequest(body.subarray(0, body.length - 1), headerLength)).toThrow(/runs past/);
    expect(() => decodeInferRequest(Buffer.concat([body, Buffer.from([0])]), headerLength)).toThrow(/follow the last tensor/);
    expect(() => decodeInferRequest(body, body.length + 1)).toThrow(/does not fit/);
    expect(() => decodeInferRequest(Buffer.from('{"inputs": ['), undefined)).toThrow(/does not parse/);
  });
});
