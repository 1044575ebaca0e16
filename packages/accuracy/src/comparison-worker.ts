/**
 * The comparison helper thread: waits for a job, claims parts of it from the last downwards and runs them
 * with the same functions the main thread uses (part-jobs.ts). It never returns to its event loop and
 * never writes to stdout (the main thread may be blocked in Atomics.wait and could not relay it).
 */
import { type MessagePort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { Histograms } from './part-jobs.js';
import { type HelperJob, runGatherParts, runPassParts } from './part-jobs.js';
import { DONE_PARTS, HELPER_FAILED, HELPER_PARTS, JOB, READY, waitWhile } from './helper-protocol.js';

const { control, port, counts } = workerData as { control: Int32Array; port: MessagePort; counts: Histograms };

/** The message of job `sequence`; those of jobs it was too late for are skipped. */
function jobMessage(sequence: number): HelperJob | undefined {
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (!received) return undefined;
    const job = received.message as HelperJob & { inputs?: { ref: Float32Array; cand: Float32Array; base: number } };
    if (job.sequence === sequence) return job;
  }
}

function run(job: HelperJob & { inputs?: { ref: Float32Array; cand: Float32Array; base: number } }): void {
  if (job.kind === 'gather') {
    runGatherParts(job, job.cursor, true, control);
    return;
  }
  const inputs = job.inputs!;
  runPassParts(job, inputs, counts, true, control, () => {
    // Only a helper that takes part in this job resets its histograms: the main thread merges them then.
    counts.absCounts.fill(0);
    counts.relCounts.fill(0);
    Atomics.store(control, HELPER_PARTS, 1);
  });
}

let seen = 0;
Atomics.store(control, READY, 1);
for (;;) {
  const sequence = Atomics.load(control, JOB);
  if (sequence === seen) {
    waitWhile(control, JOB, sequence);
    continue;
  }
  seen = sequence;
  const job = jobMessage(sequence);
  try {
    if (job) run(job);
  } catch {
    Atomics.store(control, HELPER_FAILED, 1);
    Atomics.notify(control, DONE_PARTS);
  }
}
