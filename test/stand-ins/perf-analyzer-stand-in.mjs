#!/usr/bin/env node
// A STAND-IN for perf_analyzer, for tests only: no Triton and no perf_analyzer exist here. It replays a
// recorded perf_analyzer stdout (test/fixtures/recorded/triton/perf_analyzer/, see PROVENANCE.md) and,
// when asked for `-f <file>`, copies the recorded CSV there. It measures nothing.
//   PERF_ANALYZER_STAND_IN_STDOUT       recorded stdout file name (default 01_quick_start_simple_http_sync.txt)
//   PERF_ANALYZER_STAND_IN_STDOUT_TEXT  literal text to print instead (a broken tool's output)
//   PERF_ANALYZER_STAND_IN_STDERR       literal text to print on stderr
//   PERF_ANALYZER_STAND_IN_CSV          recorded CSV file name (default 04_docs_perf.csv); `none` writes no CSV
//   PERF_ANALYZER_STAND_IN_EXIT         exit code to end with (default 0)
//   PERF_ANALYZER_STAND_IN_ARGV         a file to write the argv it received to, as JSON
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const recorded = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/recorded/triton/perf_analyzer');
const argv = process.argv.slice(2);
if (process.env.PERF_ANALYZER_STAND_IN_ARGV) writeFileSync(process.env.PERF_ANALYZER_STAND_IN_ARGV, JSON.stringify(argv));
const stdout = process.env.PERF_ANALYZER_STAND_IN_STDOUT_TEXT ?? readFileSync(path.join(recorded, process.env.PERF_ANALYZER_STAND_IN_STDOUT ?? '01_quick_start_simple_http_sync.txt'), 'utf8');
// The recorded file starts with the command that made it; perf_analyzer itself does not print that line.
process.stdout.write(stdout.replace(/^\$ .*\n/, ''));
if (process.env.PERF_ANALYZER_STAND_IN_STDERR) process.stderr.write(process.env.PERF_ANALYZER_STAND_IN_STDERR);
const csv = process.env.PERF_ANALYZER_STAND_IN_CSV ?? '04_docs_perf.csv';
const csvAt = argv.indexOf('-f');
if (csv !== 'none' && csvAt >= 0 && argv[csvAt + 1]) copyFileSync(path.join(recorded, csv), argv[csvAt + 1]);
process.exitCode = Number(process.env.PERF_ANALYZER_STAND_IN_EXIT ?? 0);
