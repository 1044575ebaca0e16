import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStageFiles } from '@pipeline/core';
import { benchmarkReportSchema } from '@pipeline/kinds';
import { parsePerfAnalyzerCsv } from '@pipeline/perf-analyzer';
import { evaluateGate, type GateInput, type GateRecord } from '@pipeline/sdk';
import { serverBenchmarkParamsSchema, serverBenchmarkStage } from '@pipeline/stage-benchmark';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeServeRepository } from './support/serve-repository.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let repository: string;
let serve: ChildProcess;
const server = { url: '' };
const outDirs: string[] = [];
// The server runs in its own process, as in a deployment: `pipeline serve` (the built CLI) on a free port.
beforeAll(async () => {
  repository = await makeServeRepository();
  serve = spawn(process.execPath, [path.join(repoRoot, 'packages/cli/dist/bin.js'), 'serve', repository, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  server.url = await new Promise<string>((resolve, reject) => {
    let out = '';
    serve.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0];
      if (url) resolve(url);
    });
    serve.once('exit', (code) => reject(new Error(`pipeline serve exited with ${code}: ${out}`)));
  });
  // Ready once the ensemble answers its readiness probe.
  for (let i = 0; i < 100 && !(await fetch(`${server.url}/v2/models/cls_double/ready`).then((r) => r.ok).catch(() => false)); i++) await new Promise((r) => setTimeout(r, 100));
});
afterAll(async () => {
  const exited = new Promise((r) => serve.once('exit', r));
  serve.kill('SIGTERM');
  await exited;
  await Promise.all([repository, ...outDirs].map((d) => rm(d, { recursive: true, force: true })));
});

/** Runs `benchmark/server` in-process with a hand-built context, keeping its gates. */
async function runStage(withParams: Record<string, unknown>) {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'bench-server-'));
  outDirs.push(outDir);
  const gates: GateRecord[] = [];
  const log = () => {};
  const ctx = {
    stageId: 'load',
    inputs: {},
    params: serverBenchmarkParamsSchema.parse(withParams),
    outDir,
    workDir: outDir,
    ...createStageFiles(outDir),
    log: { debug: log, info: log, warn: log, error: log },
    progress() {},
    signal: new AbortController().signal,
    tools: {},
    env: {},
    report: {
      metric() {},
      chart() {},
      summary() {},
      gate: (gate: GateInput) => {
        const record = evaluateGate(gate);
        gates.push(record);
        return record.passed;
      },
    },
  };
  // biome-ignore lint/suspicious/noExplicitAny: a hand-built context stands in for the runner's.
  const result = await serverBenchmarkStage.run(ctx as any);
  return { result, gates };
}

const quick = { window: { ms: 150, max_windows: 4, stability_pct: 60 }, timeout_ms: 5000 };

describe('benchmark/server against pipeline serve (loopback)', () => {
  it('load-tests an ensemble: one result per concurrency, the server split per composing model, the CSV', async () => {
    const { result, gates } = await runStage({
      ...quick,
      url: server.url,
      model: 'cls_double',
      concurrency: '1:2:x2',
      data: { random: { count: 2, dims: { 'image:3': 64 } } },
      gates: { max_error_rate: 0, max_p99_ms: 0.001 },
    });
    const report = benchmarkReportSchema.parse(JSON.parse(await readFile(result.outputs.report.path, 'utf8')));
    expect(report.results.map((r) => r.concurrency)).toEqual([1, 2]);
    const ensembleText = await readFile(path.join(repository, 'cls_double/config.pbtxt'), 'utf8');
    const steps = [...ensembleText.matchAll(/model_name: "([^"]+)"/g)].map((m) => m[1]);
    for (const r of report.results) {
      expect(r.errors?.total).toBe(0);
      expect(r.shapes.image).toEqual([1, 3, 48, 64]);
      expect(r.server?.composing_models?.map((c) => c.name).sort()).toEqual([...steps].sort());
      // The server's count covers every window and the requests in flight when the last one ended.
      const sent = (r.stability?.windows ?? []).reduce((a, w) => a + w.runs, 0);
      expect(r.server?.success_count).toBeGreaterThanOrEqual(sent);
      expect(r.server?.success_count).toBeLessThanOrEqual(sent + (r.concurrency ?? 0));
      for (const c of r.server?.composing_models ?? []) expect(c.success_count).toBe(r.server?.success_count);
    }
    expect(gates.map((g) => [g.name, g.passed])).toEqual([
      ['max_p99_ms', false],
      ['max_error_rate', true],
    ]);
    expect(gates[0]?.value).toBe(report.results[report.primary]?.latency.p99_ms);
    const csv = parsePerfAnalyzerCsv(await readFile(result.outputs.csv.path, 'utf8'));
    expect(csv.rows.map((r) => r.value).sort()).toEqual([1, 2]);
  });

  it('an unreachable server is an infrastructure error naming the URL', async () => {
    await expect(runStage({ ...quick, url: 'http://127.0.0.1:1', model: 'cls' })).rejects.toMatchObject({ code: 'E_SERVER_UNREACHABLE' });
  });
});
