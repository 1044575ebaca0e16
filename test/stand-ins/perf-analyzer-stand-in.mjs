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
//   PERF_ANALYZER_STAND_IN_FILES        a file to write, as JSON, the text of each file an --ssl-https-*-file flag names
// Like perf_analyzer's own parser (src/command_line_parser.cc, see test/fixtures/reference/triton.md "Flags",
// HTTPS), it refuses an --ssl-https-* value it would refuse: a path that is not a regular file, a verify
// level or a type outside the documented ones (exit 99, its "Failed to parse" line on stderr).
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const recorded = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/recorded/triton/perf_analyzer');
const argv = process.argv.slice(2);
if (process.env.PERF_ANALYZER_STAND_IN_ARGV) writeFileSync(process.env.PERF_ANALYZER_STAND_IN_ARGV, JSON.stringify(argv));

/** `--flag value` or `--flag=value`, as getopt_long takes a long option with a required argument. */
function flagValue(name) {
  const at = argv.indexOf(name);
  if (at >= 0) return argv[at + 1];
  return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}
const isFile = (file) => statSync(file, { throwIfNoEntry: false })?.isFile() === true;
// std::atol: leading digits, else 0.
const atol = (text) => Number.parseInt(text, 10) || 0;
const httpsRules = {
  '--ssl-https-verify-peer': (v) => [0, 1].includes(atol(v)) || 'The value must be either 0 or 1.',
  '--ssl-https-verify-host': (v) => [0, 1, 2].includes(atol(v)) || 'The value must be either 0, 1, or 2.',
  '--ssl-https-ca-certificates-file': (v) => isFile(v) || 'The value must be a valid file path.',
  '--ssl-https-client-certificate-file': (v) => isFile(v) || 'The value must be a valid file path.',
  '--ssl-https-client-certificate-type': (v) => ['PEM', 'DER'].includes(v) || `Unsupported type provided: '${v}'. The available options are 'PEM' or 'DER'.`,
  '--ssl-https-private-key-file': (v) => isFile(v) || 'The value must be a valid file path.',
  '--ssl-https-private-key-type': (v) => ['PEM', 'DER'].includes(v) || `Unsupported type provided: '${v}'. The available options are 'PEM' or 'DER'.`,
};
const files = {};
for (const [name, rule] of Object.entries(httpsRules)) {
  const value = flagValue(name);
  if (value === undefined) continue;
  const verdict = rule(value);
  if (verdict !== true) {
    process.stderr.write(`Error: Failed to parse ${name}. ${verdict}\n`);
    process.exit(99);
  }
  if (name.endsWith('-file')) files[name] = readFileSync(value, 'utf8');
}
if (process.env.PERF_ANALYZER_STAND_IN_FILES) writeFileSync(process.env.PERF_ANALYZER_STAND_IN_FILES, JSON.stringify(files));
const stdout = process.env.PERF_ANALYZER_STAND_IN_STDOUT_TEXT ?? readFileSync(path.join(recorded, process.env.PERF_ANALYZER_STAND_IN_STDOUT ?? '01_quick_start_simple_http_sync.txt'), 'utf8');
// The recorded file starts with the command that made it; perf_analyzer itself does not print that line.
process.stdout.write(stdout.replace(/^\$ .*\n/, ''));
if (process.env.PERF_ANALYZER_STAND_IN_STDERR) process.stderr.write(process.env.PERF_ANALYZER_STAND_IN_STDERR);
const csv = process.env.PERF_ANALYZER_STAND_IN_CSV ?? '04_docs_perf.csv';
const csvAt = argv.indexOf('-f');
if (csv !== 'none' && csvAt >= 0 && argv[csvAt + 1]) copyFileSync(path.join(recorded, csv), argv[csvAt + 1]);
process.exitCode = Number(process.env.PERF_ANALYZER_STAND_IN_EXIT ?? 0);
