import { randomSource } from '@pipeline/data';
import type { KServeClient, ModelMetadata } from '@pipeline/kserve-client';
import { dtypeFromDatatype } from '@pipeline/kserve-client';
import type { Tensor, TensorSpec } from '@pipeline/tensor';
import type { GateInput } from '@pipeline/sdk';
import type { Runner } from '@pipeline/runner';
import { UsageError } from '@pipeline/errors';

/** Input specs from the server's metadata: the batch axis is the leading -1, other -1 dims are `<input>:<axis>`. */
export function specsFromMetadata(metadata: ModelMetadata): TensorSpec[] {
  return metadata.inputs.map((i) => {
    const dtype = dtypeFromDatatype(i.datatype);
    if (!dtype) throw new UsageError('E_SERVER_DATATYPE', `input "${i.name}" of ${metadata.name} is ${i.datatype}, which no data source makes`);
    return { name: i.name, dtype, shape: i.shape.map((d, axis) => (d >= 0 ? d : axis === 0 ? null : `${i.name}:${axis}`)) };
  });
}

/** One batch of inputs for the served model, from the seeded random source (reproducible everywhere). */
export async function smokeFeeds(specs: TensorSpec[], dims: Record<string, number>, seed: number): Promise<Record<string, Tensor>> {
  for await (const sample of randomSource({ specs, seed, count: 1, batch: 1, dims }).samples()) return sample.feeds;
  throw new Error('the random source gave no sample');
}

/** Elements failing Polygraphy's rule (|a−b| > atol and |a−b| > rtol·|b|), and the largest |a−b|. */
function compare(served: Tensor, reference: Tensor, atol: number, rtol: number): { failed: number; maxAbs: number; total: number } {
  const a = served.data as ArrayLike<number>;
  const b = reference.data as ArrayLike<number>;
  let failed = 0;
  let maxAbs = 0;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs(Number(a[i]) - Number(b[i]));
    if (!(d <= maxAbs)) maxAbs = d;
    if (!(d <= atol) && !(d <= rtol * Math.abs(Number(b[i])))) failed++;
  }
  return { failed, maxAbs, total: b.length };
}

export interface SmokeOutcome {
  passed: boolean;
  summary: string;
  gates: GateInput[];
}

/**
 * One inference on the new version, compared output by output with the reference model run here on the
 * same inputs: a shape that differs or any element beyond tolerance fails. Without a reference, a
 * well-formed answer is all that is checked (and the summary says so).
 */
export async function smokeTest(
  client: KServeClient,
  entry: string,
  version: number,
  feeds: Record<string, Tensor>,
  reference: Runner | undefined,
  tolerance: { atol: number; rtol: number },
): Promise<SmokeOutcome> {
  const served = (await client.infer(entry, feeds, { version: String(version) })).outputs;
  if (!reference) return { passed: true, summary: `answered ${Object.keys(served).join(', ')} (no reference model given: values not compared)`, gates: [] };
  const expected = await reference.run(feeds);
  let mismatched = 0;
  const notes: string[] = [];
  for (const [name, ref] of Object.entries(expected)) {
    const got = served[name];
    if (!got || got.shape.join('x') !== ref.shape.join('x')) {
      mismatched += ref.data.length;
      notes.push(`${name}: ${got ? `shape [${got.shape}] instead of [${ref.shape}]` : 'missing'}`);
      continue;
    }
    const c = compare(got, ref, tolerance.atol, tolerance.rtol);
    mismatched += c.failed;
    notes.push(`${name}: ${c.failed}/${c.total} elements beyond tolerance, max |Δ| ${c.maxAbs.toPrecision(3)}`);
  }
  const gate: GateInput = {
    name: 'smoke.mismatched_elements',
    metric: 'smoke.mismatched_elements',
    value: mismatched,
    op: '<=',
    bound: 0,
    details: { atol: tolerance.atol, rtol: tolerance.rtol },
    message: `the served model's outputs differ from the reference: ${notes.join('; ')}`,
  };
  return { passed: mismatched === 0, summary: notes.join('; '), gates: [gate] };
}
