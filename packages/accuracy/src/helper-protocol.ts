/**
 * How this thread and the comparison helper talk: a small shared Int32Array of control words (changed
 * with Atomics and waited on with Atomics.wait, so neither side needs its event loop), and job
 * descriptions through a MessagePort read synchronously with `receiveMessageOnPort`.
 */
import type { ElementPassResult } from './elementwise.js';

/** Indices into the control words. */
/** The sequence number of the latest job; the helper wakes when it changes. */
export const JOB = 0;
/** Parts of the current job finished, by either thread. */
export const DONE_PARTS = 1;
/** The lowest element index of the inputs already copied into shared memory (the helper follows it). */
export const COPIED_FROM = 2;
/** Set to 1 by the helper once it waits for jobs. */
export const READY = 3;
/** Parts of the current job the helper claimed (its histograms are merged only when > 0). */
export const HELPER_PARTS = 4;
/** Set to 1 by the helper when a job threw (a bug): this thread redoes the parts it left unfinished. */
export const HELPER_FAILED = 5;
export const CONTROL_WORDS = 6;

/** Values of a job's per-part claim words. */
export const FREE = 0;
export const CLAIMED = 1;
export const FINISHED = 2;

/**
 * How long a side polls before it sleeps in Atomics.wait. Waking a sleeping thread measured from 0.05
 * to several ms on this (virtual, shared) machine — as much as a whole part — and jobs come in bursts
 * (the pass, one gather per selection, the next sample), so both sides poll briefly first. The cost is
 * bounded: at most this much CPU per wait.
 */
export const SPIN_MS = 2;

/** Waits while `control[index]` is `value`: polls for up to `SPIN_MS`, then sleeps (up to `timeoutMs`). Returns false on timeout. */
export function waitWhile(control: Int32Array, index: number, value: number, timeoutMs = Number.POSITIVE_INFINITY): boolean {
  const spinUntil = performance.now() + SPIN_MS;
  while (Atomics.load(control, index) === value) {
    if (performance.now() > spinUntil) return Atomics.wait(control, index, value, timeoutMs) !== 'timed-out';
  }
  return true;
}

/** The pass state fields, in the order they travel through a job's shared results (one row per part). */
export const PASS_FIELDS = [
  'finite',
  'sumAbs',
  'maxAbs',
  'argMaxAbs',
  'sumRel',
  'maxRel',
  'dot',
  'refSquares',
  'candSquares',
  'errorSquares',
  'refPeak',
  'failed',
] as const satisfies readonly (keyof ElementPassResult)[];
