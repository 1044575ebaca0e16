import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outputOf, planned, planOf } from './plan-builder.testing.js';
import { RUN_RECORD_SCHEMA_VERSION, readRunRecord, readRunRecordFile } from '@pipeline/reports';
import { locateRunRecord } from './locate-run-record.js';
import { runPlan } from './run-plan.js';
import { upper, writeText } from './test-stages.testing.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'read-run-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function realRecord() {
  const stages = [planned('a', writeText, { params: { text: 'hi' } }), planned('b', upper, { inputs: { text: outputOf('a', 'out') } })];
  return runPlan(planOf(stages, { baseDir: dir }), { workspace: join(dir, '.pipeline') });
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  return undefined;
};

describe('readRunRecord', () => {
  it('reads a run.json the runner wrote, with the DAG edges kept', async () => {
    const record = await realRecord();
    const read = readRunRecord(JSON.parse(JSON.stringify(record)), 'run.json');
    expect(read).toEqual(record);
    expect(read.stages.find((s) => s.id === 'b')?.needs).toEqual(['a']);
  });

  it('refuses a newer version with both versions named, where the same record at the current version reads', async () => {
    const record = JSON.parse(JSON.stringify(await realRecord()));
    expect(() => readRunRecord(record, 'run.json')).not.toThrow();
    const newer = { ...record, schemaVersion: RUN_RECORD_SCHEMA_VERSION + 1 };
    const refused = codeOf(() => readRunRecord(newer, 'x/run.json'));
    expect(refused?.code).toBe('E_RUN_RECORD_VERSION');
    expect(refused?.message).toContain(`schemaVersion ${RUN_RECORD_SCHEMA_VERSION + 1}`);
    expect(refused?.message).toContain(`reads schemaVersion ${RUN_RECORD_SCHEMA_VERSION}`);
    expect(codeOf(() => readRunRecord({ ...record, schemaVersion: undefined }, 'run.json'))?.code).toBe('E_RUN_RECORD_VERSION');
  });

  it('upgrades an older version through the upgraders, and refuses one it has no upgrader for', async () => {
    const current = JSON.parse(JSON.stringify(await realRecord()));
    // A made-up version 0 in which the run's status was called `state`: the upgrader renames it.
    const older = { ...current, schemaVersion: RUN_RECORD_SCHEMA_VERSION - 1, state: current.status };
    delete older.status;
    const upgraders = { [RUN_RECORD_SCHEMA_VERSION - 1]: ({ state, ...rest }: Record<string, unknown>) => ({ ...rest, status: state }) };
    expect(readRunRecord(older, 'old.json', upgraders).status).toBe(current.status);
    const refused = codeOf(() => readRunRecord(older, 'old.json', {}));
    expect(refused?.code).toBe('E_RUN_RECORD_VERSION');
    expect(refused?.message).toContain(`schemaVersion ${RUN_RECORD_SCHEMA_VERSION - 1} is older`);
  });

  it('names the field of a record that does not match its version', async () => {
    const record = JSON.parse(JSON.stringify(await realRecord()));
    record.stages[0].status = 'exploded';
    const refused = codeOf(() => readRunRecord(record, 'run.json'));
    expect(refused?.code).toBe('E_RUN_RECORD_INVALID');
    expect(refused?.message).toContain('stages.0.status');
  });
});

describe('locateRunRecord', () => {
  it('finds the latest run, a run id, a folder and a file; refuses an unknown name', async () => {
    const first = await realRecord();
    const second = await realRecord();
    const ws = join(dir, '.pipeline');
    const latest = await locateRunRecord(ws, dir);
    expect((await readRunRecordFile(latest)).runId).toBe([first.runId, second.runId].sort()[1]);
    expect(await locateRunRecord(ws, dir, first.runId)).toBe(join(ws, 'runs', first.runId, 'run.json'));
    expect(await locateRunRecord(ws, dir, join(ws, 'runs', first.runId))).toBe(join(ws, 'runs', first.runId, 'run.json'));
    await mkdir(join(dir, 'kept'));
    await writeFile(join(dir, 'kept', 'baseline.json'), JSON.stringify(first));
    expect(await locateRunRecord(ws, dir, 'kept/baseline.json')).toBe(join(dir, 'kept', 'baseline.json'));
    await expect(locateRunRecord(ws, dir, 'nope')).rejects.toMatchObject({ code: 'E_RUN_NOT_FOUND' });
    await expect(locateRunRecord(join(dir, 'empty'), dir)).rejects.toMatchObject({ code: 'E_RUN_NOT_FOUND' });
  });
});
