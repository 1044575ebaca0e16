import type { DataSource, Sample } from './source.js';

/** The first `n` samples a source yields (all of them by default), in order; stops the source after `n`. */
export async function takeSamples(source: DataSource, n = Number.POSITIVE_INFINITY): Promise<Sample[]> {
  const out: Sample[] = [];
  for await (const sample of source.samples()) {
    out.push(sample);
    if (out.length >= n) break;
  }
  return out;
}
