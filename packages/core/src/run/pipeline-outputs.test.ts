import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outputOf, planned, planOf, value } from './plan-builder.testing.js';
import { runPlan } from './run-plan.js';
import { runRecordSchema } from './run-record.js';
import { writeText } from './test-stages.testing.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pipeline-outputs-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('pipeline outputs in run.json', () => {
  it('records each output as its artifact, or absent with the reason when its producer was skipped', async () => {
    const plan = planOf([planned('a', writeText, { params: { text: 'hello' } }), planned('b', writeText, { params: { text: 'bye' }, if: value(false) })], { baseDir: dir });
    plan.outputs = {
      greeting: outputOf('a', 'out'),
      farewell: outputOf('b', 'out'),
      label: { type: 'expression', source: 'stages.a.outputs.out.kind', evaluate: (scope) => scope.stages.a?.outputs.out?.kind, loc: undefined },
    };
    const record = await runPlan(plan, { workspace: join(dir, '.pipeline') });
    expect(runRecordSchema.safeParse(record).success).toBe(true);
    const greeting = record.outputs?.greeting;
    expect(greeting && 'artifact' in greeting ? greeting.artifact.digest : undefined).toBe(`sha256:${createHash('sha256').update('hello').digest('hex')}`);
    expect(record.outputs?.farewell).toEqual({ absent: true, reason: expect.stringContaining('stage b was skipped') });
    expect(record.outputs?.label).toEqual({ value: 'text' });
  });
});
