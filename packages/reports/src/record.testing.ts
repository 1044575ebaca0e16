import { type RunRecord, runRecordSchema, type StageRecord } from './run-record.js';

/** A stage record with nothing reported; `overrides` sets what a test is about. */
export function stageRecord(id: string, overrides: Partial<StageRecord> = {}): StageRecord {
  return { id, baseId: id, uses: 'fixture/stage', matrix: {}, status: 'succeeded', attempts: 1, outputs: {}, metrics: [], gates: [], charts: [], ...overrides };
}

/** A run record of these stages, checked by run.json's own schema so a test never renders an impossible record. */
export function runRecord(stages: StageRecord[], overrides: Partial<RunRecord> = {}): RunRecord {
  return runRecordSchema.parse({
    schemaVersion: 1,
    runId: '20260101-000000-abcd',
    pipeline: { name: 'deploy', file: '/w/deploy.yaml' },
    status: 'succeeded',
    exitCode: 0,
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:02.500Z',
    durationMs: 2500,
    options: { concurrency: 1, continueOn: 'never', noCache: false, force: [] },
    stages,
    ...overrides,
  });
}
