import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outputOf, planned, planOf } from './plan-builder.testing.js';
import { exitCodeOf, runPlan } from './run-plan.js';
import { notRunRecord } from './run-stage.js';
import { runRecordSchema } from './run-record.js';
import { concurrencyProbe, exclusiveStage, failing, upper, writeText } from './test-stages.testing.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-plan-'));
  Object.assign(concurrencyProbe, { active: 0, max: 0, seenBesideExclusive: 0 });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const workspace = () => join(dir, '.pipeline');
const statuses = (record: { stages: { id: string; status: string }[] }) => Object.fromEntries(record.stages.map((s) => [s.id, s.status]));

describe('runPlan scheduling', () => {
  it('runs independent stages in parallel, bounded by concurrency', async () => {
    const stages = ['a', 'b', 'c', 'd'].map((id) => planned(id, writeText, { params: { text: id, sleepMs: 40 } }));
    const record = await runPlan(planOf(stages, { baseDir: dir }), { workspace: workspace(), concurrency: 2 });
    expect(record.status).toBe('succeeded');
    expect(concurrencyProbe.max).toBe(2);
    expect(runRecordSchema.safeParse(record).success).toBe(true);
    const onDisk = JSON.parse(await readFile(join(workspace(), 'runs', record.runId, 'run.json'), 'utf8'));
    expect(onDisk).toEqual(record);
  });

  it('runs an exclusive stage alone', async () => {
    const stages = [
      planned('a', writeText, { params: { text: 'a', sleepMs: 30 } }),
      planned('x', exclusiveStage, { params: { sleepMs: 40 } }),
      planned('b', writeText, { params: { text: 'b', sleepMs: 30 } }),
      planned('c', writeText, { params: { text: 'c', sleepMs: 30 } }),
    ];
    const record = await runPlan(planOf(stages, { baseDir: dir }), { workspace: workspace(), concurrency: 4 });
    expect(record.status).toBe('succeeded');
    expect(concurrencyProbe.seenBesideExclusive).toBe(0);
  });

  it('passes outputs downstream by content', async () => {
    const stages = [planned('a', writeText, { params: { text: 'hello' } }), planned('b', upper, { inputs: { text: outputOf('a', 'out') } })];
    const record = await runPlan(planOf(stages, { baseDir: dir }), { workspace: workspace() });
    const out = record.stages[1]!.outputs.out!;
    expect(await readFile(out.path, 'utf8')).toBe('HELLO');
    expect(record.stages[1]!.cache!.components.inputs.text).toBe(record.stages[0]!.outputs.out!.digest);
  });

  it.each([
    ['never', { bad: 'errored', after: 'skipped', independent: 'skipped' }],
    ['dependencies-successful', { bad: 'errored', after: 'skipped', independent: 'succeeded' }],
    ['always', { bad: 'errored', after: 'skipped', independent: 'succeeded' }],
  ] as const)('propagates a failure with --continue=%s', async (continueOn, expected) => {
    const stages = [
      planned('bad', failing, { params: { mode: 'pipeline-error' } }),
      planned('after', upper, { needs: ['bad'], inputs: { text: outputOf('bad', 'out') } }),
      // Runs after `bad` (concurrency 1, plan order), so `never` has already seen the failure.
      planned('independent', writeText, { params: { text: 'x' } }),
    ];
    const record = await runPlan(planOf(stages, { baseDir: dir }), { workspace: workspace(), concurrency: 1, continueOn });
    expect(statuses(record)).toEqual(expected);
    expect(record.exitCode).toBe(3);
    expect(record.stages[0]!.error).toEqual({ code: 'E_SERVER_DOWN', message: 'server unreachable', hint: 'start the server', kind: 'infrastructure' });
  });

  it('skips a stage whose if: is false, and its consumers', async () => {
    const no = { type: 'value' as const, value: false, loc: undefined };
    const stages = [planned('a', writeText, { params: { text: 'a' }, if: no }), planned('b', upper, { inputs: { text: outputOf('a', 'out') } })];
    const record = await runPlan(planOf(stages, { baseDir: dir }), { workspace: workspace() });
    expect(statuses(record)).toEqual({ a: 'skipped', b: 'skipped' });
    expect(record.exitCode).toBe(0);
  });

  it('cancels running and waiting stages on abort: status cancelled, exit 130, nothing cached', async () => {
    const controller = new AbortController();
    const stages = [planned('hang', failing, { params: { mode: 'hang' } }), planned('later', writeText, { needs: ['hang'], params: { text: 'x' } })];
    const record = await runPlan(planOf(stages, { baseDir: dir }), {
      workspace: workspace(),
      signal: controller.signal,
      killGraceMs: 100,
      events: { onStageStart: () => controller.abort(new Error('SIGINT')) },
    });
    expect(statuses(record)).toEqual({ hang: 'cancelled', later: 'cancelled' });
    expect(record.status).toBe('cancelled');
    expect(record.exitCode).toBe(130);
    expect(await readdir(join(workspace(), 'cache')).catch(() => [])).toEqual([]);
  });
});

describe('runPlan outcomes and exit codes', () => {
  const one = async (params: Record<string, unknown>, extra: { timeoutMs?: number; retries?: number } = {}) =>
    runPlan(planOf([planned('s', failing, { params, ...extra })], { baseDir: dir }), { workspace: workspace(), killGraceMs: 200, noCache: true });

  it('a failed gate fails the stage with exit 1 and records the gate', async () => {
    const record = await one({ mode: 'gate' });
    expect([record.stages[0]!.status, record.exitCode]).toEqual(['failed', 1]);
    expect(record.stages[0]!.gates).toMatchObject([{ name: 'min_accuracy', passed: false }]);
    expect(record.stages[0]!.metrics).toEqual([{ name: 'accuracy', value: 0.5 }]);
  });

  it('a thrown GateFailedError is failed, exit 1', async () => {
    const record = await one({ mode: 'gate-throw' });
    expect([record.stages[0]!.status, record.exitCode, record.stages[0]!.error?.code]).toEqual(['failed', 1, 'E_GATE']);
  });

  it('a crash is errored, says it is a bug and keeps the stack in the stage log', async () => {
    const record = await one({ mode: 'crash' });
    const stage = record.stages[0]!;
    expect([stage.status, stage.error?.code, record.exitCode]).toEqual(['errored', 'E_STAGE_CRASHED', 3]);
    expect(stage.error?.hint).toMatch(/bug in the stage test\/failing/);
    const log = await readFile(join(workspace(), 'runs', record.runId, stage.log!), 'utf8');
    expect(log).toMatch(/TypeError[^\n]*\n[^\n]*at /);
  });

  it.each([
    ['bad-meta', 'E_OUTPUT_META'],
    ['missing-output', 'E_OUTPUT_MISSING'],
  ])('output mode %s is a stage bug: errored %s', async (mode, code) => {
    const record = await one({ mode });
    expect([record.stages[0]!.status, record.stages[0]!.error?.code]).toEqual(['errored', code]);
  });

  it.each([
    ['no-outputs', /run returned \{ files: \[ 'x\.txt' \] \}, not \{ outputs/],
    ['output-not-object', /run returned output "out" as 'x\.txt', not \{ path, meta \}/],
  ])('a result of the wrong shape (%s) is a stage bug E_STAGE_RESULT naming what was returned', async (mode, message) => {
    const record = await one({ mode });
    const stage = record.stages[0]!;
    expect([stage.status, stage.error?.code, record.exitCode]).toEqual(['errored', 'E_STAGE_RESULT', 3]);
    expect(stage.error?.message).toMatch(/^stage s \(test\/failing\): /);
    expect(stage.error?.message).toMatch(message);
    expect(stage.error?.hint).toMatch(/bug in the stage test\/failing/);
    const log = await readFile(join(workspace(), 'runs', record.runId, stage.log!), 'utf8');
    expect(log).toContain('run returned: {');
  });

  it.each([
    ['invalid-input', 'E_FEED_MISMATCH'],
    ['usage-error', 'E_DYNAMIC_SHAPE'],
  ])('a user-input error thrown by a stage (%s) is errored, kind input, exit 2', async (mode, code) => {
    const record = await one({ mode });
    expect([record.status, record.stages[0]!.status, record.stages[0]!.error?.code, record.stages[0]!.error?.kind, record.exitCode]).toEqual(['errored', 'errored', code, 'input', 2]);
    expect(runRecordSchema.safeParse(record).success).toBe(true);
  });

  it('records why a stage errored: infrastructure, bug, timeout', async () => {
    expect((await one({ mode: 'pipeline-error' })).stages[0]!.error?.kind).toBe('infrastructure');
    expect((await one({ mode: 'crash' })).stages[0]!.error?.kind).toBe('bug');
    expect((await one({ mode: 'no-outputs' })).stages[0]!.error?.kind).toBe('bug');
    expect((await one({ mode: 'hang' }, { timeoutMs: 50 })).stages[0]!.error?.kind).toBe('infrastructure');
    expect((await one({ mode: 'gate' })).stages[0]!.error?.kind).toBeUndefined();
  });

  it('a param that is invalid at run time is a user-input error: exit 2', async () => {
    const record = await one({ mode: 'no-such-mode' });
    expect([record.stages[0]!.error?.code, record.stages[0]!.error?.kind, record.exitCode]).toEqual(['E_PARAM_INVALID', 'input', 2]);
  });

  // Precedence: interrupted (130) > errored for another reason (3) > errored on input only (2) > gate failed (1).
  it.each([
    [['invalid-input', 'pipeline-error'], 3],
    [['invalid-input', 'crash'], 3],
    [['invalid-input', 'gate'], 2],
    [['invalid-input', 'usage-error'], 2],
    [['gate', 'gate'], 1],
  ] as const)('stages %j end the run with exit %i', async (modes, exitCode) => {
    const stages = modes.map((mode, i) => planned(`s${i}`, failing, { params: { mode } }));
    const record = await runPlan(planOf(stages, { baseDir: dir }), { workspace: workspace(), continueOn: 'always', noCache: true });
    expect(record.exitCode).toBe(exitCode);
  });

  it('an interrupted run exits 130 even when another stage failed on its input', async () => {
    const controller = new AbortController();
    const stages = [planned('bad', failing, { params: { mode: 'invalid-input' } }), planned('hang', failing, { params: { mode: 'hang' } })];
    const record = await runPlan(planOf(stages, { baseDir: dir }), {
      workspace: workspace(),
      continueOn: 'always',
      concurrency: 1,
      signal: controller.signal,
      killGraceMs: 100,
      events: { onStageStart: (id) => id === 'hang' && controller.abort(new Error('SIGINT')) },
    });
    expect([record.stages[0]!.error?.kind, record.exitCode]).toEqual(['input', 130]);
  });

  it('exitCodeOf: an errored record without error.kind (older runs) is 3', () => {
    expect(exitCodeOf('errored')).toBe(3);
    expect(exitCodeOf('errored', [{ ...notRunRecord(planned('a', failing), 'skipped', ''), status: 'errored', error: { code: 'E_X', message: 'x' } }])).toBe(3);
  });

  it('retries a transient failure up to `retries` times', async () => {
    const counterFile = join(dir, 'count');
    const record = await one({ mode: 'transient', transientFailures: 2, counterFile }, { retries: 2 });
    expect([record.stages[0]!.status, record.stages[0]!.attempts]).toEqual(['succeeded', 3]);
    await writeFile(counterFile, '0');
    const exhausted = await one({ mode: 'transient', transientFailures: 2, counterFile }, { retries: 1 });
    expect([exhausted.stages[0]!.status, exhausted.stages[0]!.attempts, exhausted.stages[0]!.error?.code]).toEqual(['errored', 2, 'E_FLAKY']);
  });

  it('does not retry a non-transient error', async () => {
    const record = await one({ mode: 'pipeline-error' }, { retries: 3 });
    expect(record.stages[0]!.attempts).toBe(1);
  });

  it('a timeout kills the whole process tree and errors the stage', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const record = await one({ mode: 'exec-hang', counterFile: pidFile }, { timeoutMs: 300 });
    expect([record.stages[0]!.status, record.stages[0]!.error?.code]).toEqual(['errored', 'E_STAGE_TIMEOUT']);
    const grandchild = Number(await readFile(pidFile, 'utf8'));
    expect(grandchild).toBeGreaterThan(0);
    expect(await isGone(grandchild)).toBe(true);
  });
});

/** Dead, or a zombie waiting for a reaper (it no longer runs). */
async function isGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    const state = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    if (state === undefined || /\) Z /.test(state)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
