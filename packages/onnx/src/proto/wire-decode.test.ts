import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ocrModels, sileroModelPath } from '../../../../test/support/test-models.js';
import { modelFromMessage } from './from-proto.js';
import { protoTypes } from './schema.js';
import { toBigInt } from './values.js';
import { decodeWire, messageSpec } from './wire-decode.js';

const models = { ...ocrModels, silero: sileroModelPath() };

describe('decodeWire (the reader without protobufjs)', () => {
  // protobufjs's reflection decoder is the second reader: both must give the same object model.
  it.each(Object.entries(models))('reads the %s model as protobufjs does, weights included', (_name, file) => {
    const bytes = readFileSync(file);
    const ctx = { file: undefined, modelDir: dirname(file) };
    const ours = modelFromMessage(decodeWire(messageSpec('ModelProto'), bytes, 0, bytes.length), ctx);
    const theirs = modelFromMessage(protoTypes().ModelProto.decode(bytes) as unknown as Record<string, unknown>, ctx);
    // node's deep equality: vitest's toEqual walks megabytes of weights element by element.
    expect(isDeepStrictEqual(ours, theirs)).toBe(true);
    expect(ours.graph?.nodes.length).toBeGreaterThan(0);
  });

  it('keeps 64-bit values exact (negative int64, uint64 above 2^53) and int32 signs, packed or not', () => {
    const int64 = ['-1', '-9007199254740993', '9223372036854775807', '5'];
    const bytes = protoTypes()
      .TensorProto.encode({ name: 't', dims: ['-1', '4'], dataType: 7, int64Data: int64, uint64Data: ['18446744073709551615'], int32Data: [-5, 7] })
      .finish();
    const m = decodeWire(messageSpec('TensorProto'), bytes, 0, bytes.length);
    expect((m.int64Data as unknown[]).map(toBigInt)).toEqual(int64.map(BigInt));
    expect((m.uint64Data as unknown[]).map(toBigInt)).toEqual([18446744073709551615n]);
    expect((m.dims as unknown[]).map(toBigInt)).toEqual([-1n, 4n]);
    expect(m.int32Data).toEqual([-5, 7]);
    expect(m).toMatchObject({ name: 't', dataType: 7 });
  });

  it('leaves raw_data in the file as an offset when asked, and refuses a message cut short', () => {
    const raw = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const bytes = protoTypes().TensorProto.encode({ name: 'w', dims: ['2'], dataType: 1, rawData: raw }).finish();
    const lazy = decodeWire(messageSpec('TensorProto'), bytes, 0, bytes.length, { lazyRawFrom: 100 });
    const at = Buffer.from(bytes).indexOf(Buffer.from(raw));
    expect(lazy.rawData).toEqual({ offset: 100 + at, length: 8 });
    expect([...(decodeWire(messageSpec('TensorProto'), bytes, 0, bytes.length).rawData as Uint8Array)]).toEqual([...raw]);
    expect(() => decodeWire(messageSpec('TensorProto'), bytes, 0, bytes.length - 3)).toThrow(/runs past the end/);
  });
});
