// What a V8 code cache would save `pipeline check` (PERFORMANCE.md, "what is left"), measured on a
// prototype, not on the shipped CLI. Node 20 gives ES modules no code cache (`module.enableCompileCache`
// is Node 22), so the prototype bundles the CLI as one CommonJS file and runs it through `vm.Script`
// with `cachedData`; the cache is made after a first check, so it holds every function that check
// compiled, not only the top level. Run after `npm run build`:
//   node bench/code-cache.mjs [rounds] [pipeline file]
// Prints, interleaved round by round (a load spike hits all alike), the median wall time and the median
// CPU time (process.cpuUsage at exit: user + sys, µs resolution) of `node -e 0`, the shipped CLI, the
// CommonJS prototype without the cache and with it, and the load average. Asserts nothing.
// The prototype lives in packages/cli/dist/code-cache-prototype/ (ignored by git, rebuilt on each run).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cliDir = path.join(repoRoot, 'packages/cli');
// Inside the package so that external imports (ajv, @pipeline/errors) resolve from node_modules as the CLI's do.
const outDir = path.join(cliDir, 'dist/code-cache-prototype');
const rounds = Number(process.argv[2] ?? 15);
const file = process.argv[3] ?? 'pipelines/ocr-cls.yaml';

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const bundleFile = path.join(outDir, 'cli.cjs');
const cacheFile = path.join(outDir, 'cli.v8-cache');
// The same split as scripts/bundle.mjs: workspace packages, zod and yaml bundled, the rest external.
const bundled = (specifier) => (specifier.startsWith('@pipeline/') && specifier !== '@pipeline/errors') || /^(zod|yaml)(\/|$)/.test(specifier);
await build({
  absWorkingDir: cliDir,
  // src/bin.ts awaits at top level, which CommonJS cannot; this entry does what it does without signals.
  stdin: {
    contents: "import { main } from './main.js'; import { guardPipe } from './stdio.js';\nmain(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: guardPipe(process.stdout), stderr: guardPipe(process.stderr), signal: new AbortController().signal }).then((code) => { process.exitCode = code; });",
    resolveDir: path.join(cliDir, 'src'),
    loader: 'ts',
  },
  outfile: bundleFile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  conditions: ['source'],
  plugins: [{ name: 'external-by-default', setup: (b) => b.onResolve({ filter: /^[^./]/ }, (args) => (bundled(args.path) ? undefined : { path: args.path, external: true })) }],
  // Enough for `check`: the run path's import.meta.resolve and worker URLs are not exercised here.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'error',
});

// The launcher: compile the bundle with the cached data when there is one, write it after the first run.
const launcher = path.join(outDir, 'launch-with-cache.cjs');
writeFileSync(
  launcher,
  `const fs = require('node:fs'); const vm = require('node:vm'); const Module = require('node:module'); const path = require('node:path');
const file = ${JSON.stringify(bundleFile)}; const cacheFile = ${JSON.stringify(cacheFile)};
let cachedData; try { cachedData = fs.readFileSync(cacheFile); } catch {}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
const mod = new Module(file, module); mod.filename = file; mod.paths = Module._nodeModulePaths(path.dirname(file));
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
if (cachedData === undefined || script.cachedDataRejected) process.on('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
`,
);
const cpuReport = path.join(outDir, 'cpu-report.cjs');
writeFileSync(cpuReport, "process.on('exit', () => { const u = process.cpuUsage(); process._rawDebug('cpu-us ' + (u.user + u.system)); });\n");

const commands = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'shipped CLI (ESM chunks)', args: [path.join(cliDir, 'dist/bin.js'), 'check', file] },
  { name: 'CommonJS prototype, no cache', args: [bundleFile, 'check', file] },
  { name: 'CommonJS prototype + code cache', args: [launcher, 'check', file] },
].map((c) => ({ ...c, wall: [], cpu: [] }));

const loadBefore = loadavg()[0];
for (let round = 0; round <= rounds; round++) {
  for (const c of commands) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['-r', cpuReport, ...c.args], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${c.name} exited ${result.status}: ${result.stderr}`);
    if (round === 0) continue; // warm-up: fills the page cache and writes the code cache
    c.wall.push(wall);
    c.cpu.push(Number(/cpu-us (\d+)/.exec(result.stderr)?.[1]) / 1000);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const [bare] = commands;
console.log(`check ${file}: ${rounds} rounds interleaved; load ${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)}`);
for (const c of commands) {
  console.log(`${c.name.padEnd(34)} ${median(c.wall).toFixed(0).padStart(5)} ms wall ${(median(c.wall) / median(bare.wall)).toFixed(2)}×   ${median(c.cpu).toFixed(0).padStart(4)} ms CPU ${(median(c.cpu) / median(bare.cpu)).toFixed(2)}×`);
}
