// CLI cold start (build first: npm run build; dist/bin.cjs is the bundle that build makes after tsc).
//   node bench/cold-start.mjs [runs] [bin]   `pipeline --help` vs `node -e 0`, wall time of fresh processes;
//                                            bin: another build of the CLI to measure (e.g. an unbundled one)
// Prints figures; asserts nothing. Target: the CLI within 2× bare node (heavy modules load lazily).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 15);
const bin = path.resolve(process.argv[3] ?? path.join(repoRoot, 'packages/cli/dist/bin.cjs'));

function wallMs(args) {
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
    if (i >= 2) times.push(Number(process.hrtime.bigint() - start) / 1e6); // two warm-up runs fill the page cache
  }
  times.sort((a, b) => a - b);
  return { best: times[0], median: times[Math.floor(times.length / 2)] };
}

const bare = wallMs(['-e', '0']);
const help = wallMs([bin, '--help']);
console.log(`node -e 0          best ${bare.best.toFixed(1)} ms, median ${bare.median.toFixed(1)} ms (${runs} runs)`);
console.log(`pipeline --help    best ${help.best.toFixed(1)} ms, median ${help.median.toFixed(1)} ms`);
console.log(`ratio (median)     ${(help.median / bare.median).toFixed(2)}× bare node (target ≤ 2×)`);

// Which modules `--help` loads: a load hook (in its own thread) that prints each URL on stderr.
const hook = `export async function load(url, context, next) { if (!url.startsWith('node:')) process._rawDebug('loaded ' + url); return next(url, context); }`;
const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
const traced = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, bin, '--help'], { cwd: repoRoot, encoding: 'utf8' });
const loaded = traced.stderr.split('\n').filter((l) => l.startsWith('loaded '));
const packages = [...new Set(loaded.map((l) => /(node_modules\/(?:@[^/]+\/)?[^/]+|packages\/[^/]+)\//.exec(l)?.[1] ?? '?'))];
console.log(`modules loaded     ${loaded.length} by \`pipeline --help\` (${packages.join(', ')})`);
