import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, cli, folderWith, repoRoot } from './cli.js';
import { casesFor, Tally } from './corpus.js';
import { seededRandom } from './pipeline-mutants.js';
import { waitFor } from './processes.js';

// kill -9 of `pipeline run` at seeded random points of the exec example, all on one workspace; after
// each, a re-run completes with every artifact byte-identical to an undisturbed run's, serves no
// partial cache entry, and no process of the killed run is left (checked through /proc, like ps).
const POINTS = casesFor({ sample: 2, ci: 6, full: 24 });
const tally = new Tally('kill -9 at random points of exec-example, then re-run');
afterAll(() => console.log(tally.line()));

type Outputs = Record<string, string>;

/** Each stage output's content (a folder: its files, sorted), by `<stage>.<output>`. */
function readOutputs(stdout: string): Outputs {
  const record = JSON.parse(stdout) as { stages: { id: string; outputs: Record<string, { path: string }> }[] };
  const contents: Outputs = {};
  for (const stage of record.stages) {
    for (const [name, artifact] of Object.entries(stage.outputs)) {
      let text: string;
      try {
        text = readFileSync(artifact.path, 'latin1');
      } catch {
        text = readdirSync(artifact.path, { recursive: true }).sort().map((f) => {
          try {
            return `${f}:${readFileSync(path.join(artifact.path, String(f)), 'latin1')}`;
          } catch {
            return `${f}/`;
          }
        }).join('\n');
      }
      contents[`${stage.id}.${name}`] = text;
    }
  }
  return contents;
}

/** Processes whose working folder is inside `dir` (what `ps` would show for a stage's children). */
function processesIn(dir: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return readlinkSync(`/proc/${name}/cwd`).startsWith(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function exampleFolder(): string {
  const dir = folderWith({});
  cpSync(path.join(repoRoot, 'pipelines/exec-example.yaml'), path.join(dir, 'exec-example.yaml'));
  cpSync(path.join(repoRoot, 'pipelines/data'), path.join(dir, 'data'), { recursive: true });
  return dir;
}

describe('kill -9 at random points', () => {
  it(`${POINTS} kill points on one workspace: re-runs complete, artifacts identical, no orphan`, async () => {
    // The reference run is in the same folder: the example's `wc -l` prints its input's path.
    const dir = exampleFolder();
    const reference = cli(['run', 'exec-example.yaml', '--json'], dir, { timeoutMs: 60_000 });
    expect(reference.code, reference.stderr).toBe(0);
    const expected = readOutputs(reference.stdout);
    const random = seededRandom(20_260_316);
    const failures: string[] = [];
    for (let point = 0; point < POINTS; point++) {
      const delayMs = Math.floor(random() * 2500);
      const started = performance.now();
      const run = spawn(process.execPath, [bin, 'run', 'exec-example.yaml', '--no-cache'], { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      run.kill('SIGKILL');
      const orphansGone = await waitFor(() => processesIn(dir).length === 0, 3000);
      const rerun = cli(['run', 'exec-example.yaml', '--json'], dir, { timeoutMs: 60_000 });
      const problem = !orphansGone
        ? `processes left after kill at ${delayMs} ms: ${processesIn(dir).join(' ')}`
        : rerun.code !== 0
          ? `re-run after kill at ${delayMs} ms: exit ${rerun.code} ${rerun.stderr.slice(0, 300)}`
          : JSON.stringify(readOutputs(rerun.stdout)) !== JSON.stringify(expected)
            ? `artifacts differ after kill at ${delayMs} ms`
            : undefined;
      tally.add(`kill at ${delayMs} ms`, performance.now() - started, problem);
      if (problem) failures.push(problem);
    }
    expect(failures).toEqual([]);
  }, 900_000);
});
