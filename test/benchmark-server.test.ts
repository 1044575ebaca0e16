import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { benchmarkReportSchema } from '@pipeline/kinds';
import { parsePerfAnalyzerCsv } from '@pipeline/perf-analyzer';
import { serverBenchmarkStage } from '@pipeline/stage-benchmark';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeServeRepository } from './support/serve-repository.js';
import { type ServeProcess, startServeProcess } from './support/serve-process.js';
import { stageRunner } from './support/stage-in-process.js';

let repository: string;
let serve: ServeProcess;
const server = { url: '' };
const { runStage: runInProcess, cleanup } = stageRunner();
// The server runs in its own process, as in a deployment: `pipeline serve` (the built CLI) on a free port,
// ready once the ensemble answers its readiness probe.
beforeAll(async () => {
  repository = await makeServeRepository();
  serve = await startServeProcess(repository, 'cls_double');
  server.url = serve.url;
});
afterAll(async () => {
  await serve.stop();
  await cleanup();
  await rm(repository, { recursive: true, force: true });
});

/** Runs `benchmark/server` in-process, keeping its gates; its error is thrown. */
async function runStage(withParams: Record<string, unknown>) {
  const { result, error, gates } = await runInProcess(serverBenchmarkStage, withParams);
  if (!result) throw error;
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
