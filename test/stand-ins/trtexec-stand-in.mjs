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
//                              (perturb: the raw output dumps are shifted off the true values, so a test
//                              can see a validation gate fail)
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

const logBody = (name) => read(name).split('\n').filter((line, i, all) => !line.startsWith('&&&&') && !(i === all.length - 1 && line === ''));

// No recorded log has --dumpProfile with --separateProfileRun: the stand-in splices two real ones, the
// saved-engine run's summary followed by the profile table of the --dumpProfile run (what the real tool
// prints in that order: the timed run, then the separate profiling run).
function splicedProfileRun() {
  const profiled = logBody('trt10.16-mnist-loadEngine-dumpProfile-exportTimes-exportProfile-success.log');
  const table = profiled.slice(profiled.findIndex((l) => l.includes('=== Profile (')));
  return [...logBody('trt10.16-mnist-loadEngine-shapes-noDataTransfers-useCudaGraph-useSpinWait-verbose-success.log'), ...table];
}

function replay() {
const spliced = !env.TRTEXEC_STAND_IN_LOG && !v8 && flags.has('loadEngine') && flags.has('dumpProfile') && flags.has('separateProfileRun');
const body = spliced ? splicedProfileRun() : logBody(chooseLog());

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
  const finish = (ok) => {
    out(`&&&& ${ok ? 'PASSED' : 'FAILED'} TensorRT.trtexec ${tag} # ${commandLine}`);
    process.exitCode = ok ? 0 : 1;
  };
  if (failed) finish(false);
  else
    writeOutputs().then(
      () => finish(true),
      (error) => {
        err(`${now()} [E] stand-in: ${error.message}`);
        finish(false);
      },
    );
}
}

main();

async function writeOutputs() {
  if (flags.has('loadEngine') && flags.has('dumpRawBindingsToFile')) await dumpRawBindings();
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

// `--loadInputs=name:file,'a:b':file` → [[name, file], …] (names holding ':' are single-quoted).
function namedList(value) {
  return (value ?? '')
    .split(',')
    .filter(Boolean)
    .map((item) => {
      const m = /^'([^']*)':(.*)$/.exec(item) ?? /^([^:]*):(.*)$/.exec(item);
      return [m[1], m[2]];
    });
}

const TRT_TYPE = { float32: 'fp32', float16: 'fp16', int32: 'int32', int64: 'int64', int8: 'int8', uint8: 'uint8', bool: 'bool' };
const ARRAY = { float32: Float32Array, int32: Int32Array, int64: BigInt64Array, int8: Int8Array, uint8: Uint8Array, bool: Uint8Array };
const fileSafe = (name) => name.replace(/[^\w.-]/g, '_');

// The placeholder engine records the ONNX model it stands for; its outputs are computed by ONNX Runtime
// (NOT TensorRT) on the loaded inputs and written as trtexec writes raw dumps, into the working folder:
// `<tensor>.<input|output>.<d0>.<d1>….<type>.raw`, little-endian, row-major.
async function dumpRawBindings() {
  const engine = readFileSync(flags.get('loadEngine'));
  const note = JSON.parse(engine.subarray(32).toString('utf8').trim());
  if (!note.onnx) throw new Error('the placeholder engine names no ONNX model');
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(note.onnx);
  const shapes = new Map(namedList(flags.get('shapes')).map(([n, d]) => [n, d.split('x').map(Number)]));
  const files = new Map(namedList(flags.get('loadInputs')));
  const feeds = {};
  for (const meta of session.inputMetadata) {
    const dims = shapes.get(meta.name) ?? meta.shape;
    if (!dims.every((d) => typeof d === 'number')) throw new Error(`no shape for dynamic input ${meta.name}`);
    const file = files.get(meta.name);
    if (!file) throw new Error(`no --loadInputs file for ${meta.name}`);
    const bytes = readFileSync(file);
    const data = new ARRAY[meta.type](bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    feeds[meta.name] = new ort.Tensor(meta.type, data, dims);
    writeFileSync([fileSafe(meta.name), 'input', ...dims, TRT_TYPE[meta.type], 'raw'].join('.'), bytes);
  }
  const results = await session.run(feeds);
  for (const [name, tensor] of Object.entries(results)) {
    const data = tensor.data;
    // perturb: a shift far outside any tolerance a gate would allow, on every element.
    if (mode === 'perturb' && data instanceof Float32Array) for (let i = 0; i < data.length; i++) data[i] += 0.01 * (1 + Math.abs(data[i]));
    writeFileSync([fileSafe(name), 'output', ...tensor.dims, TRT_TYPE[tensor.type], 'raw'].join('.'), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }
  await session.release();
}
