// Parse speed of the streaming trtexec log parser on the largest recorded log (verbose 8.6 build)
// and of the tolerant reader on the ~1 MB --exportTimes file. Run after `npx tsc -b packages/tensorrt`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTrtexecLogParser, parseTrtexecTimes } from '../packages/tensorrt/dist/index.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/recorded/trtexec');
const log = readFileSync(path.join(fixtures, 'trt8.6.0-mnist-build-dynamic-shapes-skipInference-verbose-success.log'), 'utf8');
const times = readFileSync(path.join(fixtures, 'trex-resnet50-a100-fp16-exportTimes.json'), 'utf8');

function measure(label, bytes, fn, rounds = 20) {
  fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / rounds;
  console.log(`${label}: ${ms.toFixed(2)} ms per run, ${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(1)} MiB/s`);
}

measure(`log parse, 4 KiB chunks (${(log.length / 1024).toFixed(0)} KiB)`, log.length, () => {
  const parser = createTrtexecLogParser();
  for (let at = 0; at < log.length; at += 4096) parser.push(log.slice(at, at + 4096));
  parser.end();
});
measure(`exportTimes read (${(times.length / 1024).toFixed(0)} KiB)`, times.length, () => parseTrtexecTimes(times));
