import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, repoRoot, STACK_FRAME } from './cli.js';
import { casesFor, EXAMPLES, examplesCopy, runInProcess, SAMPLE, Tally } from './corpus.js';
import { MUTANT_CATEGORIES, pipelineMutants } from './pipeline-mutants.js';

// Mutants of every example pipeline → exit 2 with a located message, no stack trace, under 5 s each;
// `run` agrees with `check` (exit 2 too) on the ones passed through the built CLI.
const PER_EXAMPLE = casesFor({ sample: MUTANT_CATEGORIES.length, ci: 60, full: 300 });
// Spawning the built CLI costs seconds a case: the sample passes one mutant of the first example through it.
const THROUGH_BUILT_CLI = casesFor({ sample: 1, ci: 2, full: 6 });
const CASE_LIMIT_MS = 5000;
const SPAWNED_LIMIT_MS = 20_000;
const LOCATED = /^mutant\.yaml:\d+:\d+ error\[E_[A-Z0-9_]+\]/m;

const dir = examplesCopy();
const tally = new Tally('pipeline-file mutants (check, in-process)');
const agreement = new Tally('pipeline-file mutants (check and run, built CLI)');
afterAll(() => {
  console.log(`${tally.line()}\n${agreement.line()}`);
});

/**
 * What is wrong with one case's outcome, if anything. A spawned CLI's time includes starting Node and
 * loading the stage plugins (ONNX Runtime) on a loaded machine, so it gets a looser bound than checking.
 */
function problemOf(result: { code: number | null; stderr: string }, ms: number, limitMs = CASE_LIMIT_MS): string | undefined {
  if (result.code !== 2) return `exit ${result.code}: ${result.stderr.slice(0, 300)}`;
  if (STACK_FRAME.test(result.stderr) || /internal error/.test(result.stderr)) return `stack trace: ${result.stderr.slice(0, 300)}`;
  if (!LOCATED.test(result.stderr)) return `no located message: ${result.stderr.slice(0, 300)}`;
  if (ms > limitMs) return `took ${Math.round(ms)} ms`;
  return undefined;
}

describe.each(EXAMPLES)('mutants of %s', (example) => {
  const text = readFileSync(path.join(repoRoot, 'pipelines', example), 'utf8');
  const seed = [...example].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
  const mutants = pipelineMutants(text, seed, PER_EXAMPLE);

  it('the example itself checks (the mutants break it, nothing else does)', async () => {
    writeFileSync(path.join(dir, 'mutant.yaml'), text);
    const result = await runInProcess(['check', 'mutant.yaml'], dir);
    expect(result.code, result.stderr).toBe(0);
  });

  it(`${mutants.length} mutants → exit 2, located, no stack, each under ${CASE_LIMIT_MS / 1000} s`, async () => {
    const failures: string[] = [];
    for (const mutant of mutants) {
      writeFileSync(path.join(dir, 'mutant.yaml'), mutant.content);
      const result = await runInProcess(['check', 'mutant.yaml'], dir);
      const problem = problemOf(result, result.ms);
      tally.add(`${example} ${mutant.name}`, result.ms, problem);
      if (problem) failures.push(`${mutant.name}: ${problem}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it.runIf(!SAMPLE || example === EXAMPLES[0])(`${THROUGH_BUILT_CLI} mutant(s) through the built CLI: check and run both exit 2`, () => {
    const failures: string[] = [];
    for (const mutant of mutants.filter((_, n) => n % Math.ceil(mutants.length / THROUGH_BUILT_CLI) === 0)) {
      writeFileSync(path.join(dir, 'mutant.yaml'), mutant.content);
      for (const verb of ['check', 'run']) {
        const started = performance.now();
        const result = cli([verb, 'mutant.yaml'], dir, { timeoutMs: 30_000 });
        const problem = result.timedOut ? 'timed out' : problemOf(result, performance.now() - started, SPAWNED_LIMIT_MS);
        agreement.add(`${example} ${mutant.name} ${verb}`, performance.now() - started, problem);
        if (problem) failures.push(`${mutant.name} ${verb}: ${problem}`);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
