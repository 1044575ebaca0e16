// First run vs fully cached re-run of a 6-stage exec pipeline over a 100 MB input (build first: npm run build).
//   node bench/cached-rerun.mjs [MB] [reruns] [bin]   wall time of `pipeline run` as a fresh process, both times;
//                                                     bin: another build of the CLI to measure (e.g. an unbundled one)
// Prints figures; asserts nothing. Target: the cached re-run ≤ 0.2 s wall.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeInputFile } from './lib/hashing-rows.mjs';
import { RERUN_PIPELINE } from './lib/rerun-rows.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.resolve(process.argv[4] ?? path.join(repoRoot, 'packages/cli/dist/bin.cjs'));
const mb = Number(process.argv[2] ?? 100);
const rerunCount = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(path.join(tmpdir(), 'bench-rerun-'));


try {
  writeFileSync(path.join(dir, 'bench.yaml'), RERUN_PIPELINE);
  writeInputFile(path.join(dir, 'input.bin'), mb);

  const run = () => {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [bin, 'run', 'bench.yaml', '--json'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`pipeline run exited ${result.status}: ${result.stderr}`);
    return { ms, statuses: JSON.parse(result.stdout).stages.map((s) => s.status) };
  };
  const first = run();
  const reruns = Array.from({ length: rerunCount }, run);
  reruns.sort((a, b) => a.ms - b.ms);
  // Bare node on the same machine at the same moment, so a figure taken under load can be read.
  const bare = Array.from({ length: rerunCount }, () => {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    return Number(process.hrtime.bigint() - start) / 1e6;
  }).sort((a, b) => a - b);
  console.log(`input              ${mb} MiB, 6 exec stages`);
  console.log(`first run          ${first.ms.toFixed(0)} ms  (${first.statuses.join(', ')})`);
  const median = reruns[Math.floor(reruns.length / 2)];
  console.log(`cached re-run      best ${reruns[0].ms.toFixed(0)} ms, median ${median.ms.toFixed(0)} ms of ${reruns.length}  (${reruns[0].statuses.join(', ')}; target ≤ 200 ms)`);
  console.log(`node -e 0          best ${bare[0].toFixed(0)} ms, median ${bare[Math.floor(bare.length / 2)].toFixed(0)} ms (for scale)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
