// Capacity of @pipeline/loadgen against a fast loopback endpoint (nginx returning a fixed body), next
// to wrk (C, Debian) and autocannon (the Node peer, a devDependency): req/s at concurrency 32 and p50
// latency at concurrency 1. Build first (npm run build). Installs nginx and wrk with apt-get when they
// are missing and it runs as root (never in CI: CI does not run benches).
//   node bench/loadgen.mjs [--seconds 5]
// Prints figures and how they compare with the targets (≥ 1.1× autocannon and ≥ 0.4× wrk at c=32,
// p50 within 10% of wrk's at c=1); asserts nothing. A bare node:net loop (one socket, onread into one
// buffer, socket.write, no parsing or counting) is timed at c=1 the same way, as the floor Node's own
// I/O path sets under any load generator written on it.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { startLoadGenerator } from '../packages/loadgen/dist/index.js';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 5;
const has = (tool) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
if ((!has('nginx') || !has('wrk')) && process.getuid?.() === 0) {
  console.log('installing nginx and wrk (apt-get)…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'nginx', 'wrk'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
const nginxBin = ['/usr/sbin/nginx', 'nginx'].find((p) => p.startsWith('/') || has(p));
if (!has('wrk')) throw new Error('wrk is not installed: apt-get install -y nginx wrk');

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-loadgen-'));
const port = await freePort();
writeFileSync(
  path.join(dir, 'nginx.conf'),
  `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http { access_log off; keepalive_requests 1000000; client_body_temp_path ${dir};
  server { listen 127.0.0.1:${port}; location / { default_type application/json; return 200 '{"ok":true}'; } } }
`,
);
const nginx = spawn(nginxBin, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'inherit' });
const url = `http://127.0.0.1:${port}/`;
for (let i = 0; i < 50; i++) {
  if (await fetch(url).then((r) => r.ok).catch(() => false)) break;
  await sleep(100);
}

async function ours(concurrency) {
  const gen = startLoadGenerator({ url, method: 'GET', headers: {}, bodies: [], timeout_ms: 5000, connect_timeout_ms: 2000 });
  // One warm-up window, then three windows of seconds/3 merged, as the generator reports them.
  await gen.measure({ mode: 'concurrency', concurrency }, { window_ms: 500, max_windows: 1 });
  const m = await gen.measure({ mode: 'concurrency', concurrency }, { window_ms: (seconds * 1000) / 3, max_windows: 3, stability_pct: 1000 });
  await gen.close();
  return { rps: m.throughput_per_s, p50_ms: m.latency?.p50_ms ?? Number.NaN, errors: Object.values(m.errors_by_kind).reduce((a, b) => a + b, 0) };
}

async function cannon(connections) {
  await autocannon({ url, connections, duration: 1 });
  const r = await autocannon({ url, connections, duration: seconds });
  return { rps: r.requests.total / (r.duration || seconds), p50_ms: r.latency.p50, errors: r.errors + r.non2xx };
}

/** The bare loop: write → the read that brings the response (nginx's fits one read) → write, timed as ours is. */
async function nodeFloor(connections) {
  if (connections !== 1) return { rps: Number.NaN, p50_ms: Number.NaN, errors: 0 };
  const request = Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, 'latin1');
  const latencies = new Float64Array(4_000_000);
  let n = 0;
  let sentAt = 0;
  let stopAt = Number.POSITIVE_INFINITY;
  const warmUpUntil = performance.now() + 500;
  let counted = 0;
  await new Promise((resolve) => {
    const socket = net.connect({
      host: '127.0.0.1',
      port,
      onread: {
        buffer: Buffer.allocUnsafe(64 * 1024),
        callback: () => {
          const now = performance.now();
          if (now >= warmUpUntil) {
            if (stopAt === Number.POSITIVE_INFINITY) stopAt = now + seconds * 1000;
            latencies[n++] = now - sentAt;
            counted++;
          }
          if (now >= stopAt || n >= latencies.length) {
            socket.destroy();
            return resolve();
          }
          sentAt = performance.now();
          socket.write(request);
        },
      },
    });
    socket.setNoDelay(true);
    socket.once('connect', () => {
      sentAt = performance.now();
      socket.write(request);
    });
  });
  const sorted = latencies.subarray(0, n).sort();
  return { rps: counted / seconds, p50_ms: Math.round((sorted[n >> 1] ?? Number.NaN) * 1000) / 1000, errors: 0 };
}

function wrk(connections) {
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url], { encoding: 'utf8' });
  const unit = { us: 1e-3, ms: 1, s: 1000 };
  const p50 = /^\s*50%\s+([\d.]+)(us|ms|s)$/m.exec(out);
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]), p50_ms: p50 ? Number(p50[1]) * unit[p50[2]] : Number.NaN, errors: 0 };
}

try {
  const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;
  console.log(`loopback nginx ${url}, ${seconds} s per figure, ${rounds} interleaved rounds (median shown), ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${os.loadavg()[0].toFixed(2)}`);
  const tools = [
    ['pipeline loadgen', ours],
    ['autocannon', cannon],
    ['wrk -t1', wrk],
    ['bare node:net loop', nodeFloor],
  ];
  // The machine is shared: rounds interleave the tools so a busy moment hurts all of them alike.
  const runs = new Map(tools.map(([name]) => [name, { c32: [], c1: [] }]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of tools) {
      if (run !== nodeFloor) runs.get(name).c32.push(await run(32));
      runs.get(name).c1.push(await run(1));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const figures = new Map();
  for (const [name] of tools) {
    const r = runs.get(name);
    const f = { rps32: r.c32.length ? median(r.c32.map((x) => x.rps)) : Number.NaN, p50: median(r.c1.map((x) => x.p50_ms)), rps1: median(r.c1.map((x) => x.rps)), errors: [...r.c32, ...r.c1].reduce((a, x) => a + x.errors, 0) };
    figures.set(name, f);
    const c32 = r.c32.length ? `${f.rps32.toFixed(0).padStart(7)} req/s (rounds: ${r.c32.map((x) => x.rps.toFixed(0)).join(', ')})` : '      — (c=1 only)';
    console.log(`${name.padEnd(18)} c=32: ${c32}   c=1: p50 ${f.p50.toFixed(3)} ms (rounds: ${r.c1.map((x) => x.p50_ms.toFixed(3)).join(', ')}), ${f.rps1.toFixed(0)} req/s   errors ${f.errors}`);
  }
  const o = figures.get('pipeline loadgen');
  const a = figures.get('autocannon');
  const w = figures.get('wrk -t1');
  console.log(`\nc=32 req/s: ${(o.rps32 / a.rps32).toFixed(2)}× autocannon (target ≥ 1.1), ${(o.rps32 / w.rps32).toFixed(2)}× wrk (target ≥ 0.4)`);
  const floor = figures.get('bare node:net loop');
  console.log(`c=1 p50: ${o.p50.toFixed(3)} ms vs wrk ${w.p50.toFixed(3)} ms (${(((o.p50 - w.p50) / w.p50) * 100).toFixed(1)}%, target within 10%); autocannon reports whole ms (${a.p50} ms)`);
  console.log(`c=1 p50 of the bare node:net loop: ${floor.p50.toFixed(3)} ms (${(((floor.p50 - w.p50) / w.p50) * 100).toFixed(1)}% over wrk: Node's own write and read path)`);
  // wrk keeps latencies in whole microseconds (gettimeofday stamps), so its p50 near 15 µs moves in steps
  // of ~7%. With one connection the loop is closed, so 1 / req/s is each tool's mean round trip, free of
  // any timer's resolution: the same comparison at a finer grain.
  const trip = (f) => 1e6 / f.rps1;
  console.log(
    `c=1 mean round trip (1 / req/s): ${trip(o).toFixed(2)} µs vs wrk ${trip(w).toFixed(2)} µs (${(((trip(o) - trip(w)) / trip(w)) * 100).toFixed(1)}%); bare node:net loop ${trip(floor).toFixed(2)} µs (${(((trip(floor) - trip(w)) / trip(w)) * 100).toFixed(1)}%)`,
  );
  console.log(`load average at the end: ${os.loadavg()[0].toFixed(2)}`);
} finally {
  nginx.kill('SIGQUIT');
  await new Promise((r) => nginx.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
