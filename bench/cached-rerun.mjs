// First run vs fully cached re-run of a 6-stage exec pipeline over a 100 MB input (build first: npm run build).
//   node bench/cached-rerun.mjs [MB] [reruns] [bin]   wall time of `pipeline run` as a fresh process, both times;
//                                                     bin: another build of the CLI to measure (e.g. an unbundled one)
// Prints figures; asserts nothing. Target: the cached re-run ≤ 0.2 s wall.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.resolve(process.argv[4] ?? path.join(repoRoot, 'packages/cli/dist/bin.js'));
const mb = Number(process.argv[2] ?? 100);
const rerunCount = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(path.join(tmpdir(), 'bench-rerun-'));

// Six stages: two that read the input, two that read their outputs, one that joins, one that summarises.
const pipeline = `name: bench-rerun
stages:
  head:
    uses: exec
    with: { files: [./input.bin], command: [head, -c, "1000000", "{in:input.bin}"], stdout: head.bin }
  tail:
    uses: exec
    with: { files: [./input.bin], command: [tail, -c, "1000000", "{in:input.bin}"], stdout: tail.bin }
  copy:
    uses: exec
    with: { files: [./input.bin], command: [cp, "{in:input.bin}", copy.bin], outputs: [copy.bin] }
  sum-head:
    uses: exec
    with: { files: ["\${{ stages.head.outputs.file }}"], command: [cksum, "{in:head}"], stdout: head.sum }
  sum-copy:
    uses: exec
    with: { files: ["\${{ stages.copy.outputs.file }}"], command: [cksum, "{in:copy}"], stdout: copy.sum }
  join:
    uses: exec
    with:
      files: ["\${{ stages.sum-head.outputs.file }}", "\${{ stages.sum-copy.outputs.file }}", "\${{ stages.tail.outputs.file }}"]
      command: [sh, -c, "cat \\"$0\\" \\"$1\\" > joined.txt; wc -c < \\"$2\\" >> joined.txt", "{in:sum-head}", "{in:sum-copy}", "{in:tail}"]
      outputs: [joined.txt]
`;

try {
  writeFileSync(path.join(dir, 'bench.yaml'), pipeline);
  const block = Buffer.alloc(1 << 20, 7);
  const fd = openSync(path.join(dir, 'input.bin'), 'w');
  for (let i = 0; i < mb; i++) {
    block.writeUInt32LE(i, 0);
    writeSync(fd, block);
  }
  closeSync(fd);
  const past = new Date(Date.now() - 60_000);
  utimesSync(path.join(dir, 'input.bin'), past, past);

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
