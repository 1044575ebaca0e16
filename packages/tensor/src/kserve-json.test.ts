import { InvalidInputError } from '@pipeline/errors';
import { describe, expect, it } from 'vitest';
import { decodeKServeJson, encodeKServeJson, toKServeTensor } from './kserve-json.js';

describe('KServe v2 JSON', () => {
  it('reads a request body with flat and nested data and every kind of element', () => {
    const body = {
      inputs: [
        { name: 'x', datatype: 'FP32', shape: [2, 2], data: [[1, 2], [3, 4.5]] },
        { name: 'ids', datatype: 'INT64', shape: [2], data: [7, -1] },
        { name: 'h', datatype: 'FP16', shape: [1], data: [1] },
        { name: 'mask', datatype: 'BOOL', shape: [2], data: [true, false] },
        { name: 'text', datatype: 'BYTES', shape: [1], data: ['hello'] },
      ],
    };
    const tensors = decodeKServeJson(JSON.stringify(body));
    expect(tensors.x).toEqual({ dtype: 'float32', shape: [2, 2], data: Float32Array.of(1, 2, 3, 4.5) });
    expect(tensors.ids!.data).toEqual(BigInt64Array.of(7n, -1n));
    expect(tensors.h!.data).toEqual(Uint16Array.of(0x3c00));
    expect(tensors.mask!.data).toEqual(Uint8Array.of(1, 0));
    expect(tensors.text!.data).toEqual(['hello']);
  });

  it('writes the datatype names Triton uses and reads its own output back', () => {
    const text = encodeKServeJson({ y: { dtype: 'float16', shape: [1, 2], data: Uint16Array.of(0x3800, 0xc000) } }, 'outputs');
    expect(JSON.parse(text)).toEqual({ outputs: [{ name: 'y', datatype: 'FP16', shape: [1, 2], data: [0.5, -2] }] });
    expect(decodeKServeJson(text).y!.data).toEqual(Uint16Array.of(0x3800, 0xc000));
    expect(toKServeTensor('s', { dtype: 'string', shape: [1], data: ['a'] }).datatype).toBe('BYTES');
  });

  it.each([
    ['{"inputs": [', /not valid JSON/],
    ['{"name":"x","datatype":"FLOAT","shape":[1],"data":[1]}', /tensor "x": unknown datatype "FLOAT"/],
    ['{"name":"x","datatype":"FP32","shape":[2,2],"data":[1,2,3]}', /tensor "x": shape \[2, 2\] holds 4 elements, "data" has 3/],
    ['{"name":"x","datatype":"INT32","shape":[1],"data":["1"]}', /element 0 \("1"\) is not a INT32 value/],
  ])('rejects %s', (text, message) => {
    expect(() => decodeKServeJson(text, 'req.json')).toThrow(InvalidInputError);
    expect(() => decodeKServeJson(text, 'req.json')).toThrow(message);
  });
});
