import { decodeTensorProto, encodeTensorProto } from '@pipeline/onnx';
import { decodeNpy, decodeNpz, decodeRaw, encodeNpy, encodeNpz, encodeRaw, type Tensor } from '@pipeline/tensor';
import { InvalidInputError } from '@pipeline/errors';
import { afterAll, describe, expect, it } from 'vitest';
import { casesFor, Tally } from './corpus.js';
import { modelMutants } from './model-mutants.js';

// Corrupt .npy/.npz/.pb/raw data files → a tensor (the damage hit only values) or an InvalidInputError
// that names the file; never a RangeError, a TypeError or a hang.
const PER_FORMAT = casesFor({ sample: 24, ci: 400, full: 400 });
const tally = new Tally('corrupt data files (.npy, .npz, .pb, raw)');
afterAll(() => console.log(tally.line()));

const tensor: Tensor = { dtype: 'float32', shape: [2, 3, 4], data: Float32Array.from({ length: 24 }, (_, i) => i / 7) };
const ints: Tensor = { dtype: 'int64', shape: [5], data: BigInt64Array.from([1n, -2n, 3n, 4n, 5n]) };
const formats: [string, Uint8Array, (bytes: Uint8Array, source: string) => unknown][] = [
  ['input.npy', encodeNpy(tensor), (b, s) => decodeNpy(b, s)],
  ['inputs.npz', encodeNpz({ x: tensor, ids: ints }), (b, s) => decodeNpz(b, s)],
  ['input_0.pb', encodeTensorProto('x', tensor), (b, s) => decodeTensorProto(b, { source: s })],
  ['x.float32.2x3x4.bin', encodeRaw(tensor), (b, s) => decodeRaw(b, 'float32', [2, 3, 4], s)],
];

describe.each(formats)('corrupt %s', (name, original, decode) => {
  it('decodes unharmed', () => {
    expect(() => decode(original, name)).not.toThrow();
  });

  it(`${PER_FORMAT} byte mutants: a tensor or an InvalidInputError naming the file`, () => {
    const failures: string[] = [];
    for (const mutant of modelMutants(original, name.length * 104729, PER_FORMAT)) {
      const started = performance.now();
      let problem: string | undefined;
      try {
        decode(mutant.bytes, name);
      } catch (error) {
        if (!(error instanceof InvalidInputError)) problem = `${(error as Error).name}: ${(error as Error).message}`;
        else if (!error.message.includes(name)) problem = `message does not name the file: ${error.message}`;
      }
      tally.add(`${name} ${mutant.name}`, performance.now() - started, problem);
      if (problem) failures.push(`${mutant.name}: ${problem}`);
    }
    expect(failures).toEqual([]);
  });
});
