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

  it('refuses a report without results or with an unknown source', () => {
    const minimal = {
      schema_version: 1,
      source: 'measured',
      model: { name: 'm' },
      runner: { backend: 'onnxruntime', version: '1', execution_providers: ['cpu'] },
      environment: {},
      settings: {},
      percentile_method: 'trtexec-nearest-rank',
      results: [],
      primary: 0,
      warnings: [],
    };
    expect(benchmarkReportSchema.safeParse(minimal).success).toBe(false);
    expect(benchmarkReportSchema.safeParse({ ...minimal, source: 'guess' }).success).toBe(false);
  });
});
