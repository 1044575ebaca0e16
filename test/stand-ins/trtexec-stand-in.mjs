#!/usr/bin/env node
// A STAND-IN for NVIDIA's trtexec, for tests and benches only. It is NOT TensorRT: it builds nothing
// and measures nothing. At the process boundary it behaves like trtexec: it checks its flags against
// a recorded real help text, replays a recorded real log chosen by the flags ([W]/[E] lines on stderr,
// the rest on stdout, the &&&& lines carrying the argv it was given), writes the files trtexec would
// write (an engine *placeholder* whose bytes say it is not an engine), and exits 0 or 1 like trtexec.
//
// Environment (tests set these; nothing sets them by default):
//   TRTEXEC_STAND_IN_VERSION   10.16 (default) | 8.6   which recorded help/logs to use
//   TRTEXEC_STAND_IN_MODE      hang | crash | flood | parse-failure | build-failure | perturb
//   TRTEXEC_STAND_IN_FLOOD_BYTES  how much the flood mode prints before the log (default 8 MiB)
//   TRTEXEC_STAND_IN_LOG       a recorded log file name to replay instead of the chosen one
//   TRTEXEC_STAND_IN_PLAN_VERSION  a.b.c written into the placeholder's header (default: the version's)
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const recorded = join(here, '..', 'fixtures', 'recorded', 'trtexec');
const read = (name) => readFileSync(join(recorded, name), 'utf8');
const env = process.env;
const v8 = env.TRTEXEC_STAND_IN_VERSION === '8.6';
const helpFile = v8 ? 'trt8.6.1-help-no-args.txt' : 'trt10.16-help.txt';
const tag = v8 ? '[TensorRT v8601]' : '[TensorRT v101601] [b11]';
const planVersion = (env.TRTEXEC_STAND_IN_PLAN_VERSION ?? (v8 ? '8.6.1' : '10.16.1')).split('.').map(Number);
const argv = process.argv.slice(2);
const commandLine = ['trtexec', ...argv].join(' ');
const mode = env.TRTEXEC_STAND_IN_MODE ?? '';

const out = (line) => process.stdout.write(`${line}\n`);
const err = (line) => process.stderr.write(`${line}\n`);
// trtexec's logger sends [W], [E] and [F] to stderr and everything else to stdout.
const emit = (line) => (/^\[[^\]]*\] \[[WEF]\] /.test(line) ? err(line) : out(line));

// Flags as trtexec parses them: each element split at its first '='.
const flags = new Map();
const unknown = [];
const listed = new Set([...read(helpFile).matchAll(/^ {2}--([A-Za-z]\w*)|, --([A-Za-z]\w*)/gm)].map((m) => m[1] ?? m[2]));
for (const arg of argv) {
  const body = arg.replace(/^--?/, '');
  const eq = body.indexOf('=');
  const name = eq < 0 ? body : body.slice(0, eq);
  if (!arg.startsWith('-') || !listed.has(name)) unknown.push(eq < 0 ? `${arg} ` : `--${name} ${body.slice(eq + 1)}`);
  else flags.set(name, eq < 0 ? '' : body.slice(eq + 1));
}

const now = () => {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `[${p(d.getMonth() + 1)}/${p(d.getDate())}/${d.getFullYear()}-${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}]`;
};

// process.exit() would drop what is still queued for a pipe: every path sets exitCode and returns.
function main() {
  if (flags.has('help') || flags.has('h')) {
    for (const line of read(helpFile).split('\n')) if (!line.startsWith('&&&& PASSED')) out(line.startsWith('&&&& RUNNING') ? `&&&& RUNNING TensorRT.trtexec ${tag} # ${commandLine}` : line);
    process.exitCode = 0;
    return;
  }
  out(`&&&& RUNNING TensorRT.trtexec ${tag} # ${commandLine}`);
  if (unknown.length > 0) {
    // What the real tool does (10.3 excerpt): the help, one [E] per bad flag, FAILED, exit 1.
    for (const line of read(helpFile).split('\n')) if (!line.startsWith('&&&&')) out(line);
    for (const u of unknown) err(`${now()} [E] Unknown option: ${u}`);
    out(`&&&& FAILED TensorRT.trtexec ${tag} # ${commandLine}`);
    process.exitCode = 1;
    return;
  }
  replay();
}

function chooseLog() {
  if (env.TRTEXEC_STAND_IN_LOG) return env.TRTEXEC_STAND_IN_LOG;
  if (mode === 'parse-failure') return 'trt8.6.1-onnx-parse-failure-qdq-scale-FAILED.excerpt.log';
  if (mode === 'build-failure') return 'trt10.3-build-failure-engine-could-not-be-created-FAILED.excerpt.log';
  if (flags.has('loadEngine')) {
    if (v8) return 'trt8.6.1-yolov8-loadEngine-dynamic-shapes-benchmark-success.excerpt.log';
    if (flags.has('dumpProfile')) return 'trt10.16-mnist-loadEngine-dumpProfile-exportTimes-exportProfile-success.log';
    if (flags.has('loadInputs')) return 'trt10.16-mnist-loadEngine-loadInputs-dumpOutput-success.log';
    return 'trt10.16-mnist-loadEngine-shapes-noDataTransfers-useCudaGraph-useSpinWait-verbose-success.log';
  }
  if (v8) return 'trt8.6.0-mnist-build-dynamic-shapes-skipInference-verbose-success.log';
  return flags.has('skipInference') ? 'trt10.16-mnist-skipInference-profilingVerbosity-detailed-dumpLayerInfo-success.log' : 'trt10.16-mnist-onnx-build-and-benchmark-default-success.log';
}

function replay() {
const body = read(chooseLog()).split('\n').filter((line, i, all) => !line.startsWith('&&&&') && !(i === all.length - 1 && line === ''));

if (mode === 'flood') {
  const limit = Number(env.TRTEXEC_STAND_IN_FLOOD_BYTES ?? 8 * 1024 * 1024);
  let written = 0;
  while (written < limit) {
    for (const line of body) {
      if (/\[[WEF]\]/.test(line)) continue;
      out(line);
      written += line.length + 1;
    }
  }
}
if (mode === 'hang' || mode === 'crash') {
  for (const line of body.slice(0, Math.ceil(body.length / 3))) emit(line);
  // A crash leaves no &&&& end line, like a real segfault; a hang prints nothing more.
  if (mode === 'crash') process.stdout.write('', () => process.kill(process.pid, 'SIGSEGV'));
  else setInterval(() => {}, 1 << 30);
} else {
  for (const line of body) emit(line);
  const failed = mode === 'parse-failure' || mode === 'build-failure';
  if (!failed) writeOutputs();
  out(`&&&& ${failed ? 'FAILED' : 'PASSED'} TensorRT.trtexec ${tag} # ${commandLine}`);
  process.exitCode = failed ? 1 : 0;
}
}

main();

function writeOutputs() {
  const save = flags.get('saveEngine');
  if (save) {
    // Header-shaped so readers of the plan header can be tested, then plain words saying what it is.
    const header = Buffer.alloc(32);
    header.writeUInt32LE(0x74727466, 0);
    header.writeUInt32LE(0, 4);
    for (const [i, n] of planVersion.slice(0, 3).entries()) header.writeUInt8(n, 24 + i);
    const note = { standIn: 'NOT A TENSORRT ENGINE: placeholder bytes written by test/stand-ins/trtexec-stand-in.mjs', onnx: flags.get('onnx') ? resolve(flags.get('onnx')) : null, argv };
    writeFileSync(save, Buffer.concat([header, Buffer.from(`\n${JSON.stringify(note)}\n`)]));
  }
  const layerInfo = flags.get('exportLayerInfo');
  if (layerInfo) writeFileSync(layerInfo, read(v8 ? 'trt8.6.0-mnist-exportLayerInfo-layer_names_only.json' : 'trt10.16-mnist-exportLayerInfo-detailed.json'));
  const timingCache = flags.get('timingCacheFile');
  if (timingCache) writeFileSync(timingCache, `stand-in timing cache (not TensorRT's format), last written for ${basename(flags.get('onnx') ?? '?')}\n`);
  const times = flags.get('exportTimes');
  if (times) writeFileSync(times, read('trex-resnet50-a100-fp16-exportTimes.json'));
  const profile = flags.get('exportProfile');
  if (profile) writeFileSync(profile, read('trex-resnet50-a100-fp16-exportProfile.json'));
}
