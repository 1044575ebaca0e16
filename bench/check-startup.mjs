// What `pipeline check` costs at start-up, and why the structure validator is generated at build time.
// Run after `npm run build`:
//   node bench/check-startup.mjs [rounds] [other-bin]
// 1. importing the generated validator vs compiling the schema with ajv at every start;
// 2. `node -e 0`, `pipeline --help`, `pipeline check` of two examples, and one check without the V8 code
//    cache (PIPELINE_CODE_CACHE=0) as fresh processes, interleaved
//    round by round (a load spike hits all alike): median wall time and, where /usr/bin/time exists, the
//    median CPU time (user + sys), which a loaded machine disturbs less than wall time. other-bin: another
//    build of the CLI measured in the same rounds (e.g. main's: ../main/packages/cli/dist/bin.cjs).
// Prints figures with the load average; asserts nothing.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const t0 = performance.now();
await import('../packages/core/dist/generated/pipeline-file-validator.js');
const t1 = performance.now();
const { Ajv } = await import('ajv');
const { pipelineFileJsonSchema } = await import('../packages/core/dist/schema/file-json-schema.js');
const t2 = performance.now();
new Ajv({ allErrors: true, strict: true, strictNumbers: true, strictRequired: false, allowUnionTypes: true }).compile(pipelineFileJsonSchema());
const t3 = performance.now();
console.log(`generated validator import: ${(t1 - t0).toFixed(1)} ms`);
console.log(`ajv compile at start:       ${(t3 - t2).toFixed(1)} ms (after ${(t2 - t1).toFixed(1)} ms importing ajv and zod)`);

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.argv[2] ?? 11);
const bins = [['this', path.join(repoRoot, 'packages/cli/dist/bin.cjs')]];
if (process.argv[3]) bins.push(['other', path.resolve(process.argv[3])]);
const timeTool = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const commands = [{ name: 'node -e 0', args: ['-e', '0'] }];
for (const [label, bin] of bins) {
  commands.push({ name: `${label} --help`, args: [bin, '--help'] });
  for (const file of ['pipelines/ocr-cls.yaml', 'pipelines/exec-example.yaml']) commands.push({ name: `${label} check ${path.basename(file)}`, args: [bin, 'check', file] });
}
// What the code cache saves (packages/cli/src/chunk-loader.ts): the same check with the cache turned off.
commands.push({ name: 'this check ocr-cls.yaml, no code cache', args: [bins[0][1], 'check', 'pipelines/ocr-cls.yaml'], env: { PIPELINE_CODE_CACHE: '0' } });
for (const c of commands) Object.assign(c, { wall: [], cpu: [] });

const loadBefore = loadavg()[0];
for (let round = 0; round <= rounds; round++) {
  for (const c of commands) {
    const argv = timeTool ? [timeTool, ['-f', 'cpu %U %S', process.execPath, ...c.args]] : [process.execPath, c.args];
    const start = process.hrtime.bigint();
    const result = spawnSync(argv[0], argv[1], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...c.env } });
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${c.name} exited ${result.status}: ${result.stderr}`);
    const cpu = /cpu (\S+) (\S+)\s*$/.exec(result.stderr);
    if (round === 0) continue; // warm-up: fills the page cache
    c.wall.push(wall);
    if (cpu) c.cpu.push((Number(cpu[1]) + Number(cpu[2])) * 1000);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const [bare] = commands;
console.log(`\n${rounds} rounds interleaved; load ${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)}${timeTool ? '' : ' (no /usr/bin/time: wall time only)'}`);
for (const c of commands) {
  const wall = `${median(c.wall).toFixed(0).padStart(5)} ms wall ${(median(c.wall) / median(bare.wall)).toFixed(2)}×`;
  const cpu = c.cpu.length ? `   ${median(c.cpu).toFixed(0).padStart(4)} ms CPU ${(median(c.cpu) / median(bare.cpu)).toFixed(2)}×` : '';
  console.log(`${c.name.padEnd(36)} ${wall}${cpu}`);
}
if (bins.length > 1) console.log(`other = ${bins[1][1]}${existsSync(bins[1][1]) ? '' : ' (missing)'}; commit here: ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim()}`);
