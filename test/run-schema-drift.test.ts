import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRecordJsonSchema } from '@pipeline/core';
import { describe, expect, it } from 'vitest';

// schemas/run.schema.json is generated from the zod schema of run.json (runRecordSchema); this fails
// when the committed copy is stale.
const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schemas/run.schema.json');

describe('schemas/run.schema.json', () => {
  it('matches the zod schema of run.json', () => {
    const generated = `${JSON.stringify(runRecordJsonSchema(), null, 2)}\n`;
    expect(
      readFileSync(file, 'utf8'),
      "schemas/run.schema.json drifted: write runRecordJsonSchema() from @pipeline/core to it (JSON.stringify(…, null, 2) + '\\n')",
    ).toBe(generated);
  });
});
