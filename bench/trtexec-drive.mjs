// What driving trtexec costs on our side: `node bench/trtexec-drive.mjs` (build first: npx turbo run build).
// The trtexec STAND-IN (test/stand-ins; not TensorRT) replays the recorded 8.6.0 verbose build log
// (~493 KiB, the largest recorded) for an engine-build argv. Three figures, medians over --runs=N (default 9):
//   1. the stand-in alone, its output drained by a plain pipe reader: its own wall time;
//   2. the same run through runTrtexec (core's process-group exec, lines streamed into the log parser);
//   3. the CPU time our side spends in it: building the argv plus every parser.push, timed in-process.
// The budget: (3) under 5% of (1).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');
const dist = (pkg) => join(repoRoot, 'packages', pkg, 'dist/index.js');
const { buildTrtexecBuildArgv, detectTrtexecFromHelp, runTrtexec } = await import(dist('tensorrt'));
const { createExec } = await import(dist('core'));

const RUNS = Number(/^--runs=(\d+)$/.exec(process.argv[2] ?? "")?.[1] ?? 9);
const standIn = join(repoRoot, 'test/stand-ins/trtexec-stand-in.mjs');
const logFile = join(repoRoot, 'test/fixtures/recorded/trtexec/trt8.6.0-mnist-build-dynamic-shapes-skipInference-verbose-success.log');
const help = readFileSync(join(repoRoot, 'test/fixtures/recorded/trtexec/trt8.6.1-help-no-args.txt'), 'utf8');
const env = { PATH: process.env.PATH ?? '', TRTEXEC_STAND_IN_VERSION: '8.6' };
const work = mkdtempSync(join(tmpdir(), 'trtexec-drive-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function argvFor(target) {
  return buildTrtexecBuildArgv(
    {
      onnx: join(work, 'model.onnx'),
      saveEngine: join(work, 'model.plan'),
      precision: 'fp16',
      profiles: [{ x: { min: [1, 1, 28, 28], opt: [4, 1, 28, 28], max: [16, 1, 28, 28] } }],
      workspaceMiB: 1024,
      timingCacheFile: join(work, 'timing.cache'),
      extraArgs: ['--verbose'],
    },
    target,
  ).argv;
}

/** The stand-in alone: spawn, drain both pipes, wait for exit. */
function alone(argv) {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(standIn, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    child.stdout.on('data', (c) => (bytes += c.length));
    child.stderr.on('data', (c) => (bytes += c.length));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done({ ms: performance.now() - t0, bytes }) : fail(new Error(`stand-in exited ${code}`))));
  });
}

const target = detectTrtexecFromHelp(help);
const standAlone = [];
const driven = [];
const ourCpu = [];
let bytes = 0;
let lines = 0;
for (let i = 0; i < RUNS; i++) {
  const argv = argvFor(target);
  const a = await alone(argv);
  standAlone.push(a.ms);
  bytes = a.bytes;

  let cpu = 0;
  const t0 = performance.now();
  const built = argvFor(target);
  cpu += performance.now() - t0;
  const exec = createExec({ env, signal: new AbortController().signal, mask: (t) => t, onLine: () => {} });
  // Time what our side does per line (the parser's push and its listeners) by wrapping the exec's onLine.
  const timedExec = (file, args, options) =>
    exec(file, args, {
      ...options,
      onLine: (line, stream) => {
        const s = performance.now();
        options.onLine?.(line, stream);
        cpu += performance.now() - s;
      },
    });
  let count = 0;
  const t1 = performance.now();
  const outcome = await runTrtexec(timedExec, { runner: 'local', path: standIn, from: 'trtexec_path' }, built, { onEvent: () => count++ });
  driven.push(performance.now() - t1);
  ourCpu.push(cpu);
  lines = outcome.run.lineCount;
  if (outcome.failure) throw new Error(`stand-in run failed: ${outcome.failure.summary}`);
}
rmSync(work, { recursive: true, force: true });

const logKiB = readFileSync(logFile).length / 1024;
const w0 = median(standAlone);
const w1 = median(driven);
const cpu = median(ourCpu);
console.log(`trtexec drive (stand-in replaying ${logKiB.toFixed(0)} KiB verbose log; ${(bytes / 1024).toFixed(0)} KiB printed, ${lines} lines parsed), medians of ${RUNS} runs`);
console.log(`  stand-in alone, drained by a pipe reader : ${w0.toFixed(1)} ms wall`);
console.log(`  through runTrtexec (exec + streaming parse): ${w1.toFixed(1)} ms wall (${(((w1 - w0) / w0) * 100).toFixed(1)}% over alone)`);
console.log(`  our CPU: argv + parser.push per line      : ${cpu.toFixed(2)} ms = ${((cpu / w0) * 100).toFixed(2)}% of the stand-in's wall time (budget 5%)`);
if (cpu / w0 >= 0.05) process.exitCode = 1;
