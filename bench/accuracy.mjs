// Benchmarks of @pipeline/accuracy (build first: npx tsc -b packages/accuracy).
//   node bench/accuracy.mjs            throughput of the one-pass comparison, then peak memory 10 vs 1,000 samples
// Prints figures; asserts nothing (speed is machine-dependent, tests must not time things).
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { AccuracyComparison, compareElements, compareOutput, createScratch, DEFAULT_CHECK } from '../packages/accuracy/dist/index.js';

/** Fills (or makes) a reference and a candidate differing by an FP16-sized error; reusing buffers keeps
 * the memory figures about the comparison, not about the benchmark's own garbage. */
function makeOutputs(n, seed, ref = new Float32Array(n), cand = new Float32Array(n)) {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (let i = 0; i < n; i++) {
    ref[i] = rand() * 2 - 1;
    cand[i] = ref[i] + (rand() - 0.5) * 1e-3; // an FP16-sized error
  }
  return { ref, cand };
}

/** Best and median of `repeats` timed runs: on a shared machine the best run is the least disturbed one. */
function throughput(label, elements, repeats, fn) {
  fn(); // warm up the JIT
  fn();
  const times = [];
  for (let r = 0; r < repeats; r++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  times.sort((a, b) => a - b);
  const rate = (seconds) => (elements / seconds / 1e6).toFixed(0).padStart(5);
  console.log(`${label.padEnd(62)} best ${rate(times[0])}  median ${rate(times[times.length >> 1])} M elements/s`);
}

function runThroughput() {
  const n = 4_000_000;
  const { ref, cand } = makeOutputs(n, 1);
  const tensor = (data) => ({ dtype: 'float32', shape: [n], data });
  const tol = { atol: 1e-3, rtol: 1e-3 };
  console.log(`comparison throughput, float32, ${n / 1e6} M elements per output, node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  const plain = createScratch(n, false);
  throughput('one pass only (sums, max, histogram, elemwise rule)', n, 15, () => compareElements(ref, cand, tol, plain));
  throughput('all metrics: pass + exact median & p99 of |a−b| (elemwise)', n, 15, () =>
    compareOutput('y', tensor(ref), tensor(cand), { ...DEFAULT_CHECK, ...tol }, plain),
  );
  const withRel = createScratch(n, true);
  throughput('all metrics + exact median & p99 of rel error (median check)', n, 15, () =>
    compareOutput('y', tensor(ref), tensor(cand), { ...DEFAULT_CHECK, ...tol, check: 'median' }, withRel),
  );
}

/** Runs in a child process so its peak RSS is its own. */
function runSamples(samples) {
  const elements = 200_000;
  const comparison = new AccuracyComparison({ defaults: { ...DEFAULT_CHECK, atol: 1e-3, rtol: 1e-3 } });
  const ref = new Float32Array(elements);
  const cand = new Float32Array(elements);
  for (let i = 0; i < samples; i++) {
    makeOutputs(elements, i + 1, ref, cand);
    comparison.addSample(`sample-${i}`, { y: { dtype: 'float32', shape: [elements], data: ref } }, { y: { dtype: 'float32', shape: [elements], data: cand } });
  }
  const [summary] = comparison.summaries();
  globalThis.gc?.();
  const rss = process.resourceUsage().maxRSS / 1024;
  const heap = process.memoryUsage().heapUsed / 2 ** 20;
  console.log(
    `${String(samples).padStart(5)} samples × ${elements / 1000}k elements: peak RSS ${rss.toFixed(1)} MB, heap after GC ${heap.toFixed(1)} MB (worst max_abs ${summary.statistics.max_abs_error.worst.value.toExponential(3)} in ${summary.statistics.max_abs_error.worst.sample})`,
  );
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'samples') runSamples(Number(arg));
else {
  runThroughput();
  console.log('peak memory, streamed over samples (each run in its own process):');
  for (const samples of [10, 1000]) {
    process.stdout.write(execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), 'samples', String(samples)]));
  }
}
