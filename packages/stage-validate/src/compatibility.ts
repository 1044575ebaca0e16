import { InvalidInputError } from '@pipeline/errors';
import type { Runner } from '@pipeline/runner';
import { float32ArrayToFloat16, type Tensor, type TensorSpec } from '@pipeline/tensor';

const shapeText = (shape: TensorSpec['shape']) => (shape === undefined ? '[?]' : `[${shape.map((d) => d ?? '?').join(', ')}]`);

/** Static dims that differ between two declared shapes (symbolic or unknown dims match anything). */
function shapesConflict(a: TensorSpec['shape'], b: TensorSpec['shape']): boolean {
  if (a === undefined || b === undefined) return false;
  if (a.length !== b.length) return true;
  return a.some((d, i) => typeof d === 'number' && typeof b[i] === 'number' && d !== b[i]);
}

/**
 * Inputs whose feeds must be cast for the candidate: an FP16 model converted without Cast nodes at its
 * boundary (`keep_io_types: false`) takes float16 where the reference takes float32.
 */
export type FeedCasts = ReadonlyMap<string, 'float16'>;

/**
 * Checks, before any sample runs, that the candidate can be fed what the reference is fed and answers
 * with the same outputs: same input and output names, compatible dtypes and static dims. Every problem
 * is listed in one error naming both models.
 */
export function checkCandidate(reference: Runner, candidate: Runner, names: { reference: string; candidate: string }): FeedCasts {
  const problems: string[] = [];
  const casts = new Map<string, 'float16'>();
  const compare = (what: 'input' | 'output', refs: readonly TensorSpec[], cands: readonly TensorSpec[]) => {
    const candByName = new Map(cands.map((s) => [s.name, s]));
    if (refs.length !== cands.length) problems.push(`the reference has ${refs.length} ${what}s, the candidate ${cands.length}`);
    for (const ref of refs) {
      const cand = candByName.get(ref.name);
      if (!cand) {
        problems.push(`${what} '${ref.name}' is missing from the candidate (its ${what}s: ${cands.map((s) => `'${s.name}'`).join(', ')})`);
        continue;
      }
      if (cand.dtype !== ref.dtype) {
        if (what === 'input' && ref.dtype === 'float32' && cand.dtype === 'float16') casts.set(ref.name, 'float16');
        else if (!(what === 'output' && isFloat(ref.dtype) && isFloat(cand.dtype))) {
          problems.push(`${what} '${ref.name}': reference dtype ${ref.dtype}, candidate ${cand.dtype}`);
        }
      }
      if (shapesConflict(ref.shape, cand.shape)) problems.push(`${what} '${ref.name}': reference shape ${shapeText(ref.shape)}, candidate ${shapeText(cand.shape)}`);
    }
    for (const cand of cands) if (!refs.some((r) => r.name === cand.name)) problems.push(`the candidate has an extra ${what} '${cand.name}'`);
  };
  compare('input', reference.inputs, candidate.inputs);
  compare('output', reference.outputs, candidate.outputs);
  if (problems.length > 0) {
    throw new InvalidInputError('E_CANDIDATE_MISMATCH', `candidate ${names.candidate} does not match reference ${names.reference}: ${problems.join('; ')}`, {
      hint: 'validate compares the same model before and after conversion; both must take the same inputs and give the same outputs',
    });
  }
  return casts;
}

function isFloat(dtype: string): boolean {
  return dtype === 'float32' || dtype === 'float16' || dtype === 'float64' || dtype === 'bfloat16';
}

/** The candidate's feeds: the reference's, with float32 inputs cast to float16 where the candidate wants it. */
export function castFeeds(feeds: Readonly<Record<string, Tensor>>, casts: FeedCasts): Record<string, Tensor> {
  if (casts.size === 0) return { ...feeds };
  const out: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(feeds)) {
    out[name] = casts.has(name) && tensor.dtype === 'float32' ? { dtype: 'float16', shape: tensor.shape, data: float32ArrayToFloat16(tensor.data as Float32Array) } : tensor;
  }
  return out;
}
