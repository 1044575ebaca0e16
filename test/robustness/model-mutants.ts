import { seededRandom } from './pipeline-mutants.js';

export const MODEL_MUTATIONS = ['flip-bytes', 'truncate', 'insert-bytes', 'zero-run', 'duplicate-run', 'varint-max'] as const;
export type ModelMutation = (typeof MODEL_MUTATIONS)[number];

/**
 * Byte-level mutants of a real model file, seeded: flipped bytes, truncation, inserted garbage, zeroed
 * or duplicated runs, and 0xFF runs (protobuf varints and lengths that claim too much).
 */
export function modelMutants(model: Uint8Array, seed: number, count: number): { name: string; bytes: Uint8Array }[] {
  const random = seededRandom(seed);
  const int = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  return Array.from({ length: count }, (_, n) => {
    const mutation = MODEL_MUTATIONS[n % MODEL_MUTATIONS.length] as ModelMutation;
    const bytes = new Uint8Array(model);
    // Early bytes hold the graph's structure; the weights are the bulk. Aim at both.
    const at = random() < 0.5 ? int(0, Math.min(4096, bytes.length - 1)) : int(0, bytes.length - 1);
    const run = int(1, 64);
    let out: Uint8Array = bytes;
    switch (mutation) {
      case 'flip-bytes':
        for (let k = 0; k < int(1, 16); k++) {
          const i = random() < 0.5 ? int(0, Math.min(4096, bytes.length - 1)) : int(0, bytes.length - 1);
          bytes[i] = (bytes[i] as number) ^ (1 << int(0, 7));
        }
        break;
      case 'truncate':
        out = bytes.subarray(0, at);
        break;
      case 'insert-bytes':
        out = new Uint8Array([...bytes.subarray(0, at), ...Array.from({ length: run }, () => int(0, 255)), ...bytes.subarray(at)]);
        break;
      case 'zero-run':
        bytes.fill(0, at, at + run);
        break;
      case 'duplicate-run':
        out = new Uint8Array([...bytes.subarray(0, at + run), ...bytes.subarray(at, at + run), ...bytes.subarray(at + run)]);
        break;
      case 'varint-max':
        bytes.fill(0xff, at, at + int(1, 10));
        break;
    }
    return { name: `${mutation}-${n}`, bytes: out };
  });
}
