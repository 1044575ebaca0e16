// Why the structure validator is generated at build time: importing the standalone module vs compiling
// the schema with ajv at every start; and the wall time of `pipeline check` on the examples.
// Run after `npm run build`: node bench/check-startup.mjs
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

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

const cli = new URL('../packages/cli/dist/bin.js', import.meta.url).pathname;
for (const file of ['pipelines/ocr-inspect.yaml', 'test/fixtures/check/five-mistakes/deploy.yaml']) {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    try {
      execFileSync(process.execPath, [cli, 'check', file], { stdio: 'ignore' });
    } catch {
      // exit 2 is the expected outcome for the fixture with mistakes
    }
    runs.push(performance.now() - start);
  }
  console.log(`pipeline check ${file}: median ${runs.sort((a, b) => a - b)[1].toFixed(0)} ms of 3`);
}
