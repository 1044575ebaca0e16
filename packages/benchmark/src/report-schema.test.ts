import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { benchmarkReportJsonSchema, benchmarkReportSchema } from './report-schema.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const committed = path.join(repoRoot, 'schemas/benchmark-report.schema.json');

describe('benchmark-report schema', () => {
  it('matches the committed JSON Schema (regenerate with the snippet in the failure message)', () => {
    const generated = `${JSON.stringify(benchmarkReportJsonSchema(), null, 2)}\n`;
    expect(
      readFileSync(committed, 'utf8'),
      "schemas/benchmark-report.schema.json drifted: write benchmarkReportJsonSchema() from @pipeline/benchmark to it (JSON.stringify(…, null, 2) + '\\n')",
    ).toBe(generated);
  });

  // One measured configuration with every required field, so each refusal below is for its own reason.
  const result = {
    batch: 1,
    concurrency: 1,
    sessions: 1,
    shapes: { x: [1, 3] },
    timed_runs: 10,
    walltime_ms: 20,
    throughput: { inferences_per_s: 500, samples_per_s: 500 },
    latency: { min_ms: 1, max_ms: 3, mean_ms: 2, median_ms: 2, p90_ms: 3, p95_ms: 3, p99_ms: 3 },
    warnings: [],
  };
  const valid = {
    schema_version: 1,
    source: 'measured',
    model: { name: 'm' },
    runner: { backend: 'onnxruntime', version: '1', execution_providers: ['cpu'] },
    environment: {},
    settings: {},
    percentile_method: 'trtexec-nearest-rank',
    results: [result],
    primary: 0,
    warnings: [],
  };

  it('accepts a report with one result, measured or imported from trtexec', () => {
    expect(benchmarkReportSchema.safeParse(valid).error).toBeUndefined();
    expect(benchmarkReportSchema.safeParse({ ...valid, source: 'trtexec' }).error).toBeUndefined();
  });

  it('refuses the same report without results', () => {
    const refused = benchmarkReportSchema.safeParse({ ...valid, results: [] });
    expect(refused.error?.issues.map((issue) => issue.path)).toEqual([['results']]);
  });

  it('refuses the same report with an unknown source', () => {
    const refused = benchmarkReportSchema.safeParse({ ...valid, source: 'guess' });
    expect(refused.error?.issues.map((issue) => issue.path)).toEqual([['source']]);
  });
});
