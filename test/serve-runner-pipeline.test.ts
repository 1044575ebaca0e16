// `runner: triton` in a pipeline: validate and benchmark run their models on a KServe v2 server
// (`pipeline serve` here), through the built CLI, as a user's pipeline would.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '@pipeline/serve';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ocrModels, repoRoot } from './support/test-models.js';

let server: RunningServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-runner-'));
  // An empty repository: the stages upload their own model files.
  await mkdir(join(dir, 'repository'));
  server = await startServer({ repository: join(dir, 'repository'), port: 0 });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const pipeline = (model: string) => `name: served
params:
  url: { type: string }
stages:
  validate:
    uses: validate
    with:
      reference: ${model}
      candidate: ${model}
      runner: triton
      server: { url: "\${{ params.url }}" }
      data: { random: { count: 3, dims: { p2o.DynamicDimension.1: 48, p2o.DynamicDimension.2: 96 } } }
  benchmark:
    uses: benchmark
    with:
      model: ${model}
      runner: triton
      server: { url: "\${{ params.url }}" }
      data: { random: { count: 2, dims: { p2o.DynamicDimension.1: 48, p2o.DynamicDimension.2: 96 } } }
      warmup: { runs: 2, ms: 0 }
      stability: { enabled: false }
      iterations: 10
`;

describe('runner: triton in a pipeline', () => {
  it('validates and benchmarks a model on the server, and leaves nothing loaded there', async () => {
    await writeFile(join(dir, 'served.yaml'), pipeline(ocrModels.cls));
    // Spawned asynchronously: the server lives in this process, so its event loop must keep turning.
    const child = spawn(process.execPath, [join(repoRoot, 'packages/cli/dist/bin.cjs'), 'run', 'served.yaml', '-p', `url=${server.url}`, '--json'], {
      cwd: dir,
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    const run = { stdout: '', stderr: '', status: null as number | null };
    child.stdout.on('data', (chunk: Buffer) => {
      run.stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      run.stderr += chunk.toString();
    });
    run.status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(run.status, run.stderr).toBe(0);
    const record = JSON.parse(run.stdout) as { stages: { id: string; status: string; outputs: Record<string, { path: string }> }[] };
    const stage = (id: string) => record.stages.find((s) => s.id === id);
    expect([stage('validate')?.status, stage('benchmark')?.status]).toEqual(['succeeded', 'succeeded']);
    const report = JSON.parse(await readFile(stage('benchmark')!.outputs.report!.path, 'utf8')) as { runner: { backend: string } };
    expect(report.runner.backend).toBe('triton');
    // The same model compared with itself on the same server: every element agrees.
    const validation = JSON.parse(await readFile(stage('validate')!.outputs.report!.path, 'utf8')) as { outputs: { failed_elements: number; elements: number; statistics: { max_abs_error: { max: number } } }[] };
    expect(validation.outputs.map((o) => [o.failed_elements, o.statistics.max_abs_error.max])).toEqual([[0, 0]]);
    expect(validation.outputs[0]?.elements).toBe(3 * 2);
    const index = (await (await fetch(`${server.url}/v2/repository/index`, { method: 'POST', body: '{"ready": true}' })).json()) as unknown[];
    expect(index).toEqual([]);
  });
});
