import { performance } from 'node:perf_hooks';

/**
 * Milliseconds on a monotonic clock. The default is `performance.now()`: monotonic, sub-microsecond in
 * Node, and a plain double (unlike `process.hrtime.bigint()`, which allocates a BigInt per call).
 * Tests inject a scripted clock so no assertion depends on real time.
 */
export type Clock = () => number;

export const monotonicClock: Clock = () => performance.now();
