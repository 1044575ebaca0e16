import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PIPELINE_SCHEMA_FILE, pipelineSchemaText } from '../packages/cli/src/commands/schema.js';

// The committed schema is what editors load through `# yaml-language-server: $schema=`. It is
// generated from the zod schemas and the built-in stages; adding or changing a stage changes it.
const committed = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schemas', PIPELINE_SCHEMA_FILE);

describe('schemas/pipeline.schema.json', () => {
  it('matches what the code generates', async () => {
    const expected = await pipelineSchemaText();
    const actual = readFileSync(committed, 'utf8');
    expect(actual === expected, `schemas/${PIPELINE_SCHEMA_FILE} is stale: run \`npm run build && npm run schemas\` and commit the result`).toBe(true);
  });
});
