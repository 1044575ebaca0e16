import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelInspectionJsonSchema } from '@pipeline/kinds';
import { repoRoot } from '../../../test/support/test-models.js';

describe('model-inspection JSON Schema', () => {
  it('matches the committed schemas/model-inspection.schema.json (regenerate it when this fails)', () => {
    const committed = readFileSync(resolve(repoRoot, 'schemas/model-inspection.schema.json'), 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(JSON.stringify(modelInspectionJsonSchema())));
  });
});
