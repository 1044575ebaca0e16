import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlan } from '@pipeline/core';
import { planFromStages, plannedStage } from '@pipeline/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execStage } from './exec-stage.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exec-retry-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

// Each attempt gets a fresh work folder, so the attempt counter lives in the test's own folder.
const counter = () => join(dir, 'attempts');
/** Counts its attempts, then exits with `code` until attempt `succeedAt` (never, when 0). */
const flaky = (code: number, succeedAt: number) => ['sh', '-c', `n=$(cat "${counter()}" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${counter()}"; [ ${succeedAt} -ne 0 ] && [ $n -ge ${succeedAt} ] && exit 0; exit ${code}`];
const attemptsMade = async () => Number((await readFile(counter(), 'utf8')).trim());

async function runOnce(params: Record<string, unknown>, retries: number) {
  const record = await runPlan(planFromStages([plannedStage('s', execStage, { params, retries })], { baseDir: dir }), { workspace: join(dir, '.pipeline'), killGraceMs: 200 });
  return record.stages[0]!;
}

describe('exec retry_on', () => {
  it('exit code 75 (EX_TEMPFAIL) is transient by default: retries: 2 re-runs it until it succeeds', async () => {
    const stage = await runOnce({ command: flaky(75, 3) }, 2);
    expect([stage.status, stage.attempts, await attemptsMade()]).toEqual(['succeeded', 3, 3]);
  });

  it('a non-transient failure is not retried', async () => {
    const stage = await runOnce({ command: flaky(1, 3) }, 2);
    expect([stage.status, stage.error?.code, stage.attempts, await attemptsMade()]).toEqual(['errored', 'E_EXEC_FAILED', 1, 1]);
  });

  it('listed exit codes replace the default, and retries stop at the limit', async () => {
    const listed = await runOnce({ command: flaky(42, 0), retry_on: { exit_codes: [42] } }, 2);
    expect([listed.status, listed.attempts, await attemptsMade()]).toEqual(['errored', 3, 3]);
    await rm(counter());
    const unlisted = await runOnce({ command: flaky(75, 0), retry_on: { exit_codes: [42] } }, 2);
    expect([unlisted.status, unlisted.attempts]).toEqual(['errored', 1]);
  });

  it('a listed signal is transient', async () => {
    const killed = ['sh', '-c', `echo x >> "${counter()}"; kill -TERM $$`];
    const stage = await runOnce({ command: killed, retry_on: { signals: ['SIGTERM'] } }, 1);
    expect([stage.status, stage.attempts, (await readFile(counter(), 'utf8')).split('\n').filter(Boolean).length]).toEqual(['errored', 2, 2]);
  });
});
