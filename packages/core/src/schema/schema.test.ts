import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PipelineFileSchema } from '../config/file-schema.js';
import { structureErrors } from '../config/structure.js';
import { generateValidatorModule } from './standalone.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const checkDir = path.resolve(here, '../../../../test/fixtures/check');

// Hand-written documents on both sides of each rule of the structure, plus every check fixture.
const documents: Record<string, unknown> = {
  minimal: { stages: {} },
  'no stages': { name: 'x' },
  'stages is a list': { stages: [] },
  'unknown top key': { stages: {}, stage: {} },
  'stage without uses': { stages: { a: {} } },
  'empty uses': { stages: { a: { uses: '' } } },
  'bad stage id': { stages: { 'a b': { uses: 'x' } } },
  'member-like stage id': { stages: { 'a@b=1': { uses: 'x' } } },
  'needs string': { stages: { a: { uses: 'x', needs: 'b' } } },
  'needs list': { stages: { a: { uses: 'x', needs: ['b', 'c'] } } },
  'needs number': { stages: { a: { uses: 'x', needs: 3 } } },
  'if boolean': { stages: { a: { uses: 'x', if: false } } },
  'if number': { stages: { a: { uses: 'x', if: 1 } } },
  'timeout text': { stages: { a: { uses: 'x', timeout: '10m' } } },
  'timeout seconds': { stages: { a: { uses: 'x', timeout: 1.5 } } },
  'timeout bad unit': { stages: { a: { uses: 'x', timeout: '10 minutes' } } },
  'timeout zero': { stages: { a: { uses: 'x', timeout: 0 } } },
  'retries fraction': { stages: { a: { uses: 'x', retries: 1.5 } } },
  'retries too many': { stages: { a: { uses: 'x', retries: 11 } } },
  'matrix ok': { stages: { a: { uses: 'x', matrix: { p: ['fp16', 8, true] } } } },
  'matrix empty list': { stages: { a: { uses: 'x', matrix: { p: [] } } } },
  'matrix nested value': { stages: { a: { uses: 'x', matrix: { p: [{ x: 1 }] } } } },
  'matrix key with dash': { stages: { a: { uses: 'x', matrix: { 'p-q': [1] } } } },
  'with any values': { stages: { a: { uses: 'x', with: { m: './a.onnx', n: [1, { x: null }] } } } },
  'param enum': { params: { p: { type: 'enum', values: ['a', 1], default: 'a', description: 'd' } }, stages: {} },
  'param unknown type': { params: { p: { type: 'list' } }, stages: {} },
  'param without type': { params: { p: { default: 1 } }, stages: {} },
  'param empty values': { params: { p: { type: 'enum', values: [] } }, stages: {} },
  'env number': { env: { A: 1 }, stages: {} },
  'env bad name': { env: { 'A-B': 'x' }, stages: {} },
  'env nested': { env: { A: { b: 1 } }, stages: {} },
  'secrets ok': { secrets: ['TOKEN'], stages: {} },
  'secrets bad': { secrets: ['a b'], stages: {} },
  'plugins empty string': { plugins: [''], stages: {} },
  'outputs number': { outputs: { a: 1 }, stages: {} },
  'schema key': { $schema: './s.json', stages: {} },
  'name empty': { name: '', stages: {} },
  'NaN retries': { stages: { a: { uses: 'x', retries: Number.NaN } } },
  'not an object': 'stages',
  null: null,
};
for (const name of readdirSync(checkDir)) {
  try {
    documents[`fixture ${name}`] = parse(readFileSync(path.join(checkDir, name, 'deploy.yaml'), 'utf8'));
  } catch {
    // Folders without a deploy.yaml, or ones that are not YAML on purpose.
  }
}

describe('ajv (generated JSON Schema) and zod agree', () => {
  it.each(Object.entries(documents))('%s', (_name, document) => {
    const ajvValid = structureErrors(document).length === 0;
    expect(PipelineFileSchema.safeParse(document).success).toBe(ajvValid);
  });
  it('has both verdicts in the set (a set of only valid or only invalid files proves nothing)', () => {
    const verdicts = Object.values(documents).map((d) => structureErrors(d).length === 0);
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(8);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(8);
  });
});

describe('generated validator', () => {
  it('is in step with the zod schema', () => {
    const committed = readFileSync(path.join(here, '../generated/pipeline-file-validator.ts'), 'utf8');
    expect(committed === generateValidatorModule(), 'src/generated/pipeline-file-validator.ts is stale: run `npx tsc -b packages/core && npm run generate -w @pipeline/core`').toBe(true);
  });
});
