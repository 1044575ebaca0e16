import { readFileSync } from 'node:fs';
import type { StageRecord } from '@pipeline/reports';

/**
 * Server load-test stage records built from recorded perf_analyzer output (test/fixtures/recorded/triton/
 * perf_analyzer), read here by a few regular expressions — a second, minimal reader — into the
 * benchmark-report fields the report draws (`load`, `latency`, `server.breakdown_ms`,
 * `server.composing_models`), the shape the load-test helpers record. Times are µs in the text, ms here.
 */
const recorded = (name: string) => readFileSync(new URL(`../../../../test/fixtures/recorded/triton/perf_analyzer/${name}`, import.meta.url), 'utf8');

const ms = (usec: string | undefined) => Number(usec) / 1000;

function breakdown(line: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const m of line.matchAll(/(overhead|queue|compute input|compute infer|compute output|compute) (\d+) usec/g)) parts[(m[1] ?? '').replace(' ', '_')] = ms(m[2]);
  return parts;
}

function stage(id: string, results: object[], gates: StageRecord['gates'] = []): StageRecord {
  const meta = { schema_version: 1, source: 'perf_analyzer', model: { name: id }, runner: { backend: 'triton', version: 'recorded', execution_providers: [] }, environment: {}, settings: {}, percentile_method: 'perf_analyzer', results, primary: results.length - 1, warnings: [] };
  return { id, baseId: id, uses: 'benchmark', matrix: {}, needs: [], status: 'succeeded', attempts: 1, durationMs: 1000, outputs: { report: { kind: 'benchmark-report', digest: 'sha256:0', size: 0, path: `/recorded/${id}.json`, meta } }, metrics: [], gates, charts: [] };
}

/** The concurrency range 2…16 (p95 per load) with the server's split at 16; a p95 gate of 8 ms as the SLO. */
export function concurrencyRangeStage(): StageRecord {
  const text = recorded('06_tutorial_part2_p95_concurrency_range_dynamic_batching_EXCERPT.txt');
  const batch = Number(/-b (\d+)/.exec(text)?.[1] ?? 1);
  const detail = text.slice(text.indexOf('Request concurrency:'));
  const percentiles = Object.fromEntries([...detail.matchAll(/p(\d+) latency: (\d+) usec/g)].map((m) => [m[1] === '50' ? 'median_ms' : `p${m[1]}_ms`, ms(m[2])]));
  const serverLine = /Avg request latency: (\d+) usec \((.*)\)/.exec(detail);
  const results = [...text.matchAll(/^Concurrency: (\d+), throughput: ([\d.]+) infer\/sec, latency (\d+) usec/gm)].map((m) => {
    const concurrency = Number(m[1]);
    const last = concurrency === Number(/Request concurrency: (\d+)/.exec(detail)?.[1]);
    const ips = Number(m[2]);
    return {
      batch, concurrency, sessions: 1, shapes: {}, timed_runs: 0, walltime_ms: 0,
      throughput: { inferences_per_s: ips, samples_per_s: ips * batch },
      latency: last ? { ...percentiles, p95_ms: ms(m[3]) } : { p95_ms: ms(m[3]) },
      load: { mode: 'concurrency', concurrency },
      ...(last && serverLine ? { server: { request_latency_ms: ms(serverLine[1]), breakdown_ms: breakdown(serverLine[2] ?? '') } } : {}),
      warnings: [],
    };
  });
  return stage('loadtest', results, [{ name: 'max_p95_ms', metric: 'latency.p95_ms', value: results.at(-1)?.latency.p95_ms ?? 0, op: '<=', bound: 8, unit: 'ms', passed: false }]);
}

/** An ensemble at concurrency 1: the ensemble's own split and its composing model's. */
export function ensembleStage(): StageRecord {
  const text = recorded('08_server_issue3245_ensemble_p95_TRUNCATED.txt');
  const lines = [...text.matchAll(/Avg request latency: (\d+) usec \((.*)\)/g)];
  const composing = [...text.matchAll(/^\s*(\w+), version: ?(\S*)\n(?:.*\n){3}\s*Avg request latency: (\d+) usec \((.*)\)/gm)].map((m) => ({ name: m[1], version: m[2] ?? '', request_latency_ms: ms(m[3]), breakdown_ms: breakdown(m[4] ?? '') }));
  const p = Object.fromEntries([...text.matchAll(/p(\d+) latency: (\d+) usec/g)].map((m) => [m[1] === '50' ? 'median_ms' : `p${m[1]}_ms`, ms(m[2])]));
  const ips = Number(/Throughput: ([\d.]+) infer\/sec/.exec(text)?.[1]);
  const result = {
    batch: 1, concurrency: 1, sessions: 1, shapes: {}, timed_runs: 0, walltime_ms: 0,
    throughput: { inferences_per_s: ips, samples_per_s: ips },
    latency: p,
    load: { mode: 'concurrency', concurrency: 1 },
    server: { request_latency_ms: ms(lines[0]?.[1]), breakdown_ms: breakdown(lines[0]?.[2] ?? ''), composing_models: composing },
    warnings: [],
  };
  return stage('ensemble', [result]);
}
