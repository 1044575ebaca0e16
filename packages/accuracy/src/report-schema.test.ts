import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reportNumberSchema, validationReportJsonSchema, validationReportSchema } from './report-schema.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const committed = path.join(repoRoot, 'schemas/validation-report.schema.json');

describe('validation-report schema', () => {
  it('matches the committed JSON Schema (regenerate with the snippet in the failure message)', () => {
    const generated = `${JSON.stringify(validationReportJsonSchema(), null, 2)}\n`;
    expect(
      readFileSync(committed, 'utf8'),
      "schemas/validation-report.schema.json drifted: write validationReportJsonSchema() from @pipeline/accuracy to it (JSON.stringify(…, null, 2) + '\\n')",
    ).toBe(generated);
  });

  it('takes infinities as strings and refuses a report without its verdict', () => {
    expect(reportNumberSchema.safeParse('Infinity').success).toBe(true);
    expect(reportNumberSchema.safeParse('inf').success).toBe(false);
    const minimal = {
      schema_version: 1,
      reference: { name: 'a.onnx', digest: 'sha256:0' },
      candidate: { name: 'b.onnx', digest: 'sha256:1', kind: 'onnx-model' },
      runner: { backend: 'onnxruntime', version: '1', execution_providers: ['cpu'] },
      data: { description: 'random', samples: 0 },
      outputs: [],
      task_metrics: null,
      gates: [],
      notes: [],
    };
    // The same report with its verdict is accepted, so the refusal is for the missing verdict alone.
    expect(validationReportSchema.safeParse({ ...minimal, passed: true }).error).toBeUndefined();
    expect(validationReportSchema.safeParse(minimal).error?.issues.map((issue) => issue.path)).toEqual([['passed']]);
  });
});
