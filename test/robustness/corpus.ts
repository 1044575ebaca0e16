import { cpSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../packages/cli/src/testing/cli-harness.testing.js';
import { repoRoot } from './cli.js';

/**
 * How much of each corpus runs: `ROBUSTNESS=full` (npm run robustness) the full corpora, `ci` (what
 * .ci/run runs: the full run takes longer than CI's budget on 2 cores) a reduced one, otherwise the
 * seeded sample of npm test.
 */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by tests, which turbo does not run.
const TIER = process.env.ROBUSTNESS === 'full' ? 'full' : process.env.ROBUSTNESS === 'ci' ? 'ci' : 'sample';
export const SAMPLE = TIER === 'sample';

/** The number of cases for this tier. */
export function casesFor(sizes: { sample: number; ci: number; full: number }): number {
  return sizes[TIER];
}

/** The example pipelines, as shipped. */
export const EXAMPLES = readdirSync(path.join(repoRoot, 'pipelines'))
  .filter((name) => name.endsWith('.yaml'))
  .sort();

/**
 * A copy of pipelines/ (with its data) in a temporary folder, with node_modules linked beside it, so a
 * mutant written there resolves every relative path the example does.
 */
export function examplesCopy(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'robust-examples-'));
  cpSync(path.join(repoRoot, 'pipelines'), path.join(root, 'pipelines'), { recursive: true });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
  return path.join(root, 'pipelines');
}

export interface InProcessResult {
  code: number;
  stderr: string;
  stdout: string;
  ms: number;
}

/** `pipeline <argv>` in this process (the CLI's own `main`, through the CLI's test harness), timed. */
export async function runInProcess(argv: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<InProcessResult> {
  const started = performance.now();
  const result = await runCli(argv, { cwd, env: { PATH: process.env.PATH ?? '', CI: 'true', ...env } });
  return { ...result, ms: performance.now() - started };
}

/** A tally of one corpus, printed as a figure line. */
export class Tally {
  readonly failures: string[] = [];
  cases = 0;
  maxMs = 0;
  constructor(readonly what: string) {}

  add(name: string, ms: number, problem: string | undefined): void {
    this.cases++;
    this.maxMs = Math.max(this.maxMs, ms);
    if (problem) this.failures.push(`${name}: ${problem}`);
  }

  line(): string {
    const ok = this.cases - this.failures.length;
    return `${this.what}: ${this.cases} cases, ${ok} as expected (${this.cases ? ((100 * ok) / this.cases).toFixed(1) : '0'}%), slowest ${(this.maxMs / 1000).toFixed(2)} s`;
  }
}
