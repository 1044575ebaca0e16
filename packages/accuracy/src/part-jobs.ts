/**
 * The work of a split pass, as fixed parts that either thread may claim (a compare-and-swap on the
 * part's claim word): this thread takes parts from the first upwards, the helper from the last
 * downwards, so a helper that is slow to wake, or loses its core to another process, simply ends up
 * doing fewer parts. Which thread did a part changes nothing in the results: each part is computed by
 * the same function from the same inputs, results are kept per part and merged in part order, and
 * histogram counts add exactly in any order.
 */
import { comparePart, type FloatData, partScratch } from './elementwise.js';
import { CLAIMED, COPIED_FROM, DONE_PARTS, FINISHED, FREE, PASS_FIELDS, waitWhile } from './helper-protocol.js';
import { gatherRange, gatherRangeDown } from './quickselect.js';

export interface PassJob {
  kind: 'pass';
  sequence: number;
  elements: number;
  partSize: number;
  atol: number;
  rtol: number;
  /** The whole scratch buffers; part p writes from p·partSize on. */
  abs: Float32Array;
  rel: Float32Array | undefined;
  /** One word per part: FREE, CLAIMED, FINISHED. */
  claims: Int32Array;
  /** One row of PASS_FIELDS per part (argMaxAbs relative to the part's start). */
  results: Float64Array;
}

/** The inputs as one thread sees them: element i of the output is `ref[i − base]`. */
export interface PartInputs {
  ref: FloatData;
  cand: FloatData;
  base: number;
}

export interface Histograms {
  absCounts: Int32Array;
  relCounts: Int32Array;
}

/**
 * Claims and runs parts of a pass until none is left that this thread may take (the helper stops at
 * parts whose inputs were not copied for it, `inputs.base`). With `control`, finished parts are counted
 * there, and the helper (`descending`) waits for the copy of a part's inputs; `beforeFirst` runs once,
 * on the first claim. Returns the number of parts it ran.
 */
export function runPassParts(job: PassJob, inputs: PartInputs, counts: Histograms, descending: boolean, control: Int32Array | undefined, beforeFirst?: () => void): number {
  const parts = job.claims.length;
  const tolerance = { atol: job.atol, rtol: job.rtol };
  let ran = 0;
  for (let k = 0; k < parts; k++) {
    const p = descending ? parts - 1 - k : k;
    const start = p * job.partSize;
    const end = Math.min(job.elements, start + job.partSize);
    if (start < inputs.base) break;
    if (Atomics.compareExchange(job.claims, p, FREE, CLAIMED) !== FREE) continue;
    if (ran++ === 0) beforeFirst?.();
    if (control && descending) for (let from = Atomics.load(control, COPIED_FROM); from > start; from = Atomics.load(control, COPIED_FROM)) waitWhile(control, COPIED_FROM, from);
    const { ref, cand, base } = inputs;
    const state = comparePart(ref.subarray(start - base, end - base), cand.subarray(start - base, end - base), tolerance, partScratch(job, start, counts));
    PASS_FIELDS.forEach((field, i) => {
      job.results[p * PASS_FIELDS.length + i] = state[field];
    });
    finishPart(job.claims, p, control);
  }
  return ran;
}

export interface GatherJob {
  kind: 'gather';
  sequence: number;
  partSize: number;
  values: Float32Array;
  bits: Uint32Array;
  /** Finite values per part: part p's are at [p·partSize, p·partSize + finite[p]). */
  finite: Int32Array;
  slotOfBin: Int16Array;
  /** The helper's cursors: it fills each slot from its end downwards. */
  cursor: Int32Array;
  gather: Float32Array;
  claims: Int32Array;
}

/** Claims and runs parts of a gather: ascending with `cursor` filling slots upwards, or descending filling them downwards. */
export function runGatherParts(job: GatherJob, cursor: Int32Array, descending: boolean, control: Int32Array | undefined): number {
  const parts = job.claims.length;
  let ran = 0;
  for (let k = 0; k < parts; k++) {
    const p = descending ? parts - 1 - k : k;
    if (Atomics.compareExchange(job.claims, p, FREE, CLAIMED) !== FREE) continue;
    ran++;
    const from = p * job.partSize;
    const to = from + job.finite[p]!;
    if (descending) gatherRangeDown(job.values, job.bits, from, to, job.slotOfBin, cursor, job.gather);
    else gatherRange(job.values, job.bits, from, to, job.slotOfBin, cursor, job.gather);
    finishPart(job.claims, p, control);
  }
  return ran;
}

function finishPart(claims: Int32Array, p: number, control: Int32Array | undefined): void {
  Atomics.store(claims, p, FINISHED);
  if (!control) return;
  Atomics.add(control, DONE_PARTS, 1);
  Atomics.notify(control, DONE_PARTS);
}

export type HelperJob = PassJob | GatherJob;
