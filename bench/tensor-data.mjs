// Throughput of the tensor codecs and the random data source, and memory of a streamed 10,000-sample
// source. Run after `npx tsc -b packages/data`:  node --expose-gc bench/tensor-data.mjs
import { randomSource } from '../packages/data/dist/index.js';
import { decodeNpy, encodeNpy, float16ArrayToFloat32, float32ArrayToFloat16 } from '../packages/tensor/dist/index.js';

function time(label, elements, fn, repeats = 5) {
  fn(); // warm-up
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  console.log(`${label.padEnd(34)} ${(elements / best / 1e6).toFixed(1).padStart(8)} M elements/s  (best of ${repeats}, ${elements} elements)`);
}

const n = 4_000_000;
const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 100);
const halves = float32ArrayToFloat16(values);
time('float32 -> float16 (RNE)', n, () => float32ArrayToFloat16(values));
time('float16 -> float32', n, () => float16ArrayToFloat32(halves));
const tensor = { dtype: 'float32', shape: [n], data: values };
const npy = encodeNpy(tensor);
time('encodeNpy float32', n, () => encodeNpy(tensor));
time('decodeNpy float32', n, () => decodeNpy(npy));

// The PP-OCR direction classifier's input: 3x48x192 floats per sample.
const specs = [{ name: 'x', dtype: 'float32', shape: ['batch', 3, 48, 192] }];
const usedBytes = () => {
  // Typed arrays live outside the JS heap: count both.
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

async function speed(count) {
  const start = process.hrtime.bigint();
  for await (const sample of randomSource({ specs, seed: 1, count, batch: 1 }).samples()) {
    if (sample.feeds.x.data.length !== 27648) throw new Error('bad sample');
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`random source, ${count} samples of 3x48x192: ${(count / seconds).toFixed(0)} samples/s, ${((count * 27648) / seconds / 1e6).toFixed(1)} M elements/s`);
}

/** Memory still reachable after a collection, at checkpoints: flat if the source keeps no past samples. */
async function retained(count) {
  const settle = async () => {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 10)); // array buffers are freed off-thread
    globalThis.gc();
  };
  await settle();
  const before = usedBytes();
  let worst = 0;
  let index = 0;
  for await (const _sample of randomSource({ specs, seed: 1, count, batch: 1 }).samples()) {
    if (++index % Math.max(1, Math.floor(count / 10)) === 0) {
      await settle();
      worst = Math.max(worst, usedBytes() - before);
    }
  }
  console.log(`random source, ${String(count).padStart(6)} samples: max retained after GC ${(worst / 2 ** 20).toFixed(2)} MiB`);
}

await speed(10_000);
if (globalThis.gc) {
  await retained(10);
  await retained(10_000);
} else {
  console.log('memory: run with node --expose-gc to measure retained memory');
}
