/**
 * One helper thread that takes parts of large comparisons (part-jobs.ts), started lazily on the first
 * large output, reused, and unref'd so it never keeps the process alive. The API stays synchronous: this
 * thread posts the job, claims parts itself, then waits (Atomics.wait) for the parts the helper claimed.
 *
 * Nothing ever waits for the helper to START or to claim: until it reports ready, after it failed, or
 * while it is slow to wake, this thread claims the parts itself — with the same function, so the bits
 * are the same either way.
 */
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { ComparisonScratch, FloatData } from './elementwise.js';
import { CONTROL_WORDS, COPIED_FROM, DONE_PARTS, FREE, HELPER_FAILED, HELPER_PARTS, JOB, PASS_FIELDS, READY, waitWhile } from './helper-protocol.js';
import { type GatherJob, type Histograms, type PassJob, runGatherParts, runPassParts } from './part-jobs.js';
import { ERROR_HISTOGRAM_BINS } from './error-histogram.js';

interface Helper {
  worker: Worker;
  port: MessagePort;
  control: Int32Array;
  /** The helper's own histograms, merged into the scratch's when it took part in a pass. */
  counts: Histograms;
  sequence: number;
  failed: boolean;
  /** Shared copies of the inputs the helper may work on, when they arrive in ordinary ArrayBuffers. */
  staging: { ref: Float32Array; cand: Float32Array };
}

/** What the helper has done so far, for benchmarks and tests. */
export interface ComparisonHelperStats {
  state: 'off' | 'starting' | 'ready' | 'failed';
  /** Jobs posted to the helper. */
  jobs: number;
  /** Parts of those jobs the helper ran (the rest ran on the calling thread). */
  helperParts: number;
  parts: number;
}

/** undefined: not started yet; null: could not start. */
let helper: Helper | null | undefined;
let enabled = true;
const stats = { jobs: 0, helperParts: 0, parts: 0 };

/** Parts still unfinished this long after this thread ran out of parts mean the helper is stuck: a bug. */
const STUCK_MS = 60_000;

/**
 * The helper's script, found by package resolution (`@pipeline/accuracy/comparison-worker`, always the
 * built file: a worker cannot load TypeScript), so that the CLI's bundle finds it too: there this module
 * is part of a chunk in the CLI's dist/chunks/, with no comparison-worker.js beside it, and a path taken
 * from this module's own URL made every helper fail to start (comparisons ran on one thread).
 */
export function comparisonWorkerUrl(resolve: (specifier: string) => string = (specifier) => import.meta.resolve(specifier)): URL {
  try {
    return new URL(resolve('@pipeline/accuracy/comparison-worker'));
  } catch {
    const here = import.meta.url;
    return here.endsWith('.ts') ? new URL('../dist/comparison-worker.js', here) : new URL('./comparison-worker.js', here);
  }
}

function startHelper(): Helper | null {
  try {
    const control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
    const histogram = () => new Int32Array(new SharedArrayBuffer(ERROR_HISTOGRAM_BINS * 4));
    const counts = { absCounts: histogram(), relCounts: histogram() };
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(comparisonWorkerUrl(), { workerData: { control, port: port2, counts }, transferList: [port2] });
    worker.unref();
    const empty = new Float32Array(new SharedArrayBuffer(0));
    const started: Helper = { worker, port: port1, control, counts, sequence: 0, failed: false, staging: { ref: empty, cand: empty } };
    // A worker that failed to load (or died) is never used again.
    worker.on('error', () => {
      started.failed = true;
    });
    worker.on('exit', () => {
      started.failed = true;
    });
    return started;
  } catch {
    return null;
  }
}

/** The helper when it is ready for a job; starts it on first use. */
function readyHelper(): Helper | undefined {
  if (!enabled) return undefined;
  if (helper === undefined) helper = startHelper();
  if (!helper || helper.failed || Atomics.load(helper.control, HELPER_FAILED) === 1 || Atomics.load(helper.control, READY) !== 1) return undefined;
  return helper;
}

/**
 * Starts the helper ahead of the first large output and resolves true when it is ready, false when it
 * cannot start within `timeoutMs`. Optional: without it the first large outputs run on this thread alone.
 */
export async function warmUpComparisonHelper(timeoutMs = 5_000): Promise<boolean> {
  readyHelper();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (readyHelper()) return true;
    if (!enabled || !helper || helper.failed) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return false;
}

/** Turns the helper off (comparisons then run on the calling thread alone, with the same results) or back on. */
export function setComparisonHelperEnabled(on: boolean): void {
  enabled = on;
}

export function comparisonHelperStats(): ComparisonHelperStats {
  const state = !enabled || helper === undefined ? 'off' : !helper || helper.failed ? 'failed' : Atomics.load(helper.control, READY) === 1 ? 'ready' : 'starting';
  return { state, ...stats };
}

/** Stops the helper thread (it is unref'd: a process exits without this). The next large output starts a new one. */
export async function closeComparisonHelper(): Promise<void> {
  const current = helper;
  helper = undefined;
  if (current) await current.worker.terminate();
}

function post(h: Helper, job: PassJob | GatherJob, extra: object = {}): void {
  Atomics.store(h.control, DONE_PARTS, 0);
  Atomics.store(h.control, HELPER_PARTS, 0);
  h.port.postMessage({ ...job, ...extra });
  Atomics.store(h.control, JOB, job.sequence);
  Atomics.notify(h.control, JOB);
  stats.jobs++;
}

/** Waits until every part is finished; false when the helper failed (its parts must be redone). */
function awaitParts(h: Helper, claims: Int32Array): boolean {
  const { control } = h;
  for (let done = Atomics.load(control, DONE_PARTS); done < claims.length; done = Atomics.load(control, DONE_PARTS)) {
    if (Atomics.load(control, HELPER_FAILED) === 1) break;
    if (!waitWhile(control, DONE_PARTS, done, STUCK_MS)) Atomics.store(control, HELPER_FAILED, 1);
  }
  if (Atomics.load(control, HELPER_FAILED) !== 1) return true;
  h.failed = true;
  return false;
}

function sharedInts(length: number, shared: boolean): Int32Array {
  return new Int32Array(shared ? new SharedArrayBuffer(length * 4) : new ArrayBuffer(length * 4));
}

function stagingFor(h: Helper, length: number): { ref: Float32Array; cand: Float32Array } {
  if (h.staging.ref.length < length) h.staging = { ref: new Float32Array(new SharedArrayBuffer(length * 4)), cand: new Float32Array(new SharedArrayBuffer(length * 4)) };
  return { ref: h.staging.ref.subarray(0, length), cand: h.staging.cand.subarray(0, length) };
}

/**
 * Runs the parts of a pass over `ref`/`cand` (the helper taking some when it can) and returns each
 * part's PASS_FIELDS row; `scratch`'s histograms end up holding every part's counts.
 */
export function runPassJob(ref: FloatData, cand: FloatData, atol: number, rtol: number, scratch: ComparisonScratch, partSize: number): Float64Array {
  const parts = Math.ceil(ref.length / partSize);
  const h = scratch.shared && ref instanceof Float32Array && cand instanceof Float32Array ? readyHelper() : undefined;
  const rows = parts * PASS_FIELDS.length;
  const job: PassJob = {
    kind: 'pass',
    sequence: h ? ++h.sequence : 0,
    elements: ref.length,
    partSize,
    atol,
    rtol,
    abs: scratch.abs,
    rel: scratch.rel,
    claims: sharedInts(parts, h !== undefined),
    results: new Float64Array(h ? new SharedArrayBuffer(rows * 8) : new ArrayBuffer(rows * 8)),
  };
  const mine = { ref, cand, base: 0 };
  if (!h) {
    runPassParts(job, mine, scratch, false, undefined);
    return job.results;
  }
  // Inputs in ordinary ArrayBuffers: the upper half of the parts is copied into shared memory, from the
  // last part down, and the helper follows the copy; it stops at the first part not copied for it.
  const direct = ref.buffer instanceof SharedArrayBuffer && cand.buffer instanceof SharedArrayBuffer;
  const base = direct ? 0 : (parts >> 1) * partSize;
  const inputs = direct ? mine : { ...stagingFor(h, ref.length - base), base };
  Atomics.store(h.control, COPIED_FROM, direct ? 0 : ref.length);
  post(h, job, { inputs });
  if (!direct) {
    for (let p = parts - 1; p * partSize >= base; p--) {
      const start = p * partSize;
      const end = Math.min(ref.length, start + partSize);
      inputs.ref.set(ref.subarray(start, end), start - base);
      inputs.cand.set(cand.subarray(start, end), start - base);
      Atomics.store(h.control, COPIED_FROM, start);
      Atomics.notify(h.control, COPIED_FROM);
    }
  }
  const ranHere = runPassParts(job, mine, scratch, false, h.control);
  stats.parts += parts;
  if (!awaitParts(h, job.claims)) {
    // The helper failed mid-job (a bug): its histograms and its parts cannot be trusted; redo it all here.
    job.claims.fill(FREE);
    scratch.absCounts.fill(0);
    scratch.relCounts.fill(0);
    runPassParts(job, mine, scratch, false, undefined);
    return job.results;
  }
  stats.helperParts += parts - ranHere;
  if (Atomics.load(h.control, HELPER_PARTS) === 1) {
    const { absCounts, relCounts } = h.counts;
    for (let b = 0; b < absCounts.length; b++) scratch.absCounts[b]! += absCounts[b]!;
    if (scratch.rel) for (let b = 0; b < relCounts.length; b++) scratch.relCounts[b]! += relCounts[b]!;
  }
  return job.results;
}

/**
 * Gathers the wanted bins' values of every part into their slots of `gather`: this thread fills each
 * slot from `slotStart` up, the helper (taking parts from the last) from the slot's end down, so the
 * slots end up holding the same values whoever gathered what (their order inside a slot may differ,
 * which a selection does not see).
 */
export function runGatherJob(
  scratch: ComparisonScratch,
  values: Float32Array,
  bits: Uint32Array,
  finite: readonly number[],
  partSize: number,
  slotOfBin: Int16Array,
  slotStart: Int32Array,
  slotEnd: Int32Array,
): void {
  const h = scratch.shared ? readyHelper() : undefined;
  const job: GatherJob = {
    kind: 'gather',
    sequence: h ? ++h.sequence : 0,
    partSize,
    values,
    bits,
    finite: Int32Array.from(finite),
    slotOfBin: slotOfBin,
    cursor: sharedInts(slotEnd.length, h !== undefined),
    gather: scratch.selection,
    claims: sharedInts(finite.length, h !== undefined),
  };
  job.cursor.set(slotEnd);
  if (!h) {
    runGatherParts(job, Int32Array.from(slotStart), false, undefined);
    return;
  }
  const shareable = { ...job, finite: sharedInts(finite.length, true), slotOfBin: sharedSlots(slotOfBin) };
  shareable.finite.set(job.finite);
  post(h, shareable);
  const ranHere = runGatherParts(job, Int32Array.from(slotStart), false, h.control);
  stats.parts += finite.length;
  if (!awaitParts(h, job.claims)) {
    job.claims.fill(FREE);
    runGatherParts(job, Int32Array.from(slotStart), false, undefined);
    return;
  }
  stats.helperParts += finite.length - ranHere;
}

function sharedSlots(slotOfBin: Int16Array): Int16Array {
  if (slotOfBin.buffer instanceof SharedArrayBuffer) return slotOfBin;
  const shared = new Int16Array(new SharedArrayBuffer(slotOfBin.length * 2));
  shared.set(slotOfBin);
  return shared;
}
