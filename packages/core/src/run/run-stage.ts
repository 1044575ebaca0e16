import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreRepair } from './content-store.js';
import { inspect } from 'node:util';
import { UsageError } from '@pipeline/errors';
import { type Artifact, describeGate, type ProbeResult } from '@pipeline/sdk';
import { DiagnosticCode } from '../config/codes.js';
import { evaluateIf, resolveStageInputs, resolveStageParams } from '../plan/resolve.js';
import { checkStageRulesBeforeRun } from '../plan/stage-check.js';
import type { PlannedStage, RunScope } from '../plan/types.js';
import { cacheComponentsFor, cacheKeyOf } from './cache-index.js';
import { classifyStageError } from './error-classes.js';
import { lookUpCache, recordFromCache, writeCacheEntry } from './stage-cache.js';
import type { RunContext } from './run-context.js';
import type { StageRecord } from './run-record.js';
import { maskRecord } from './secret-params.js';
import { runStageAttempt } from './stage-attempt.js';
import { StageLogFile } from './stage-log.js';
import { checkStageOutputs, commitOutputs } from './stage-outputs.js';
import { outputsOfResult, StageBugError } from './stage-result.js';
import { CollectingReporter } from './stage-reporter.js';
import { stageFileName } from './workspace-layout.js';

export interface StageRunResult {
  record: StageRecord;
  outputs: Record<string, Artifact>;
}

/** A record for a stage that never started. */
export function notRunRecord(stage: PlannedStage, status: 'skipped' | 'cancelled', reason: string): StageRecord {
  return { id: stage.id, baseId: stage.baseId, uses: stage.uses, matrix: stage.matrix, needs: [...stage.needs], status, reason, attempts: 0, outputs: {}, metrics: [], gates: [], charts: [] };
}

async function probeTools(run: RunContext, stage: PlannedStage): Promise<ProbeResult> {
  const probe = stage.stage.probe;
  if (!probe || !run.probeEnv) return {};
  const env = run.probeEnv;
  let pending = run.probeCache.get(stage.uses);
  if (!pending) {
    pending = probe(env);
    run.probeCache.set(stage.uses, pending);
  }
  const tools = await pending;
  Object.assign(run.tools, tools);
  return tools;
}

/**
 * `if: ${{ tools.trtexec.found }}` may name a tool that only another stage probes (or this stage, whose
 * probe would otherwise run after the condition): before such a condition is evaluated, every planned
 * stage's probe runs (each once per run, as always). A `tools` word in a string literal only costs probes.
 */
async function probeBeforeIf(run: RunContext, stage: PlannedStage): Promise<void> {
  if (stage.if?.type !== 'expression' || !/\btools\b/.test(stage.if.source)) return;
  // A probe that throws is reported by its own stage when that stage runs; here it only leaves its tools unknown.
  for (const planned of run.plan.stages) await probeTools(run, planned).catch(() => undefined);
}

/**
 * Runs one planned stage end to end: `if:`, inputs and params, probe, cache key, cache lookup (verified
 * against the store), attempts with retries for transient errors, output checks, commit to the store,
 * cache entry. Never throws for a stage's own failure: the status says what happened.
 */
export async function runStage(run: RunContext, stage: PlannedStage, scope: RunScope, upstreamSkipped: boolean): Promise<StageRunResult> {
  const base = notRunRecord(stage, 'skipped', '');
  delete base.reason;
  await probeBeforeIf(run, stage);
  if (stage.if && !evaluateIf(stage, scope)) {
    return { record: { ...base, reason: stage.if.type === 'expression' ? `if: ${stage.if.source} was false` : 'its `if:` is false' }, outputs: {} };
  }
  // runPlan made the logs folder.
  const logName = `logs/${stageFileName(stage.id)}.log`;
  const log = new StageLogFile(join(run.runDir, logName), run.mask, run.clock, (line, level) => run.events.onStageLog?.(stage.id, line, level));
  const started = run.clock();
  // Store objects found damaged and rebuilt on this stage's behalf: said in the log and in run.json.
  const storeRepairs: StoreRepair[] = [];
  const onRepair = (repair: StoreRepair): void => {
    if (!storeRepairs.some((r) => r.object === repair.object)) storeRepairs.push(repair);
  };
  const finish = async (partial: Partial<StageRecord>, outputs: Record<string, Artifact> = {}): Promise<StageRunResult> => {
    if (storeRepairs.length > 0) partial.storeRepairs = storeRepairs;
    const ended = run.clock();
    await log.close();
    // Masked here, before the UI's onStageEnd sees it: a stage may echo a secret param into meta or a summary.
    const record = maskRecord<StageRecord>({ ...base, ...partial, startedAt: new Date(started).toISOString(), endedAt: new Date(ended).toISOString(), durationMs: ended - started, log: logName }, run.mask);
    return { record, outputs };
  };

  let inputs: ReturnType<typeof resolveStageInputs>;
  let params: Record<string, unknown>;
  let tools: ProbeResult;
  try {
    inputs = resolveStageInputs(stage, scope);
    params = resolveStageParams(stage, scope);
    checkStageRulesBeforeRun(stage, params, inputs, run.mask);
    tools = await probeTools(run, stage);
  } catch (error) {
    // A producer skipped by `if:` (or broken under --continue=always) yields nothing: the consumer is skipped too.
    const missing = error instanceof UsageError && error.code === DiagnosticCode.SkippedProducer;
    if (missing && upstreamSkipped) return finish({ status: 'skipped', reason: error.message });
    const classified = classifyStageError(error, stage.uses, { timedOut: false, cancelled: false, mask: run.mask });
    if (classified.bugStack) log.write('error', classified.bugStack);
    log.write('error', `${classified.error.code}: ${classified.error.message}`);
    return finish({ status: classified.status, error: classified.error });
  }

  const components = cacheComponentsFor(stage, params, inputs, tools, { mask: run.mask, keying: run.secretKeying });
  const key = cacheKeyOf(components);
  const cacheable = stage.cache && stage.stage.cacheable !== false;
  const enabled = cacheable && !run.noCache && !run.force.has(stage.id) && !run.force.has(stage.baseId);
  const cache = { key, components, enabled };
  if (enabled) {
    const hit = await lookUpCache(run, key, log, onRepair);
    if (hit) return finish({ ...recordFromCache(hit), cache }, hit.artifacts);
  }

  // Literal inputs are read where they are: checked unchanged since they were hashed (or copied, `literal_inputs: copy`).
  let stageInputs: typeof inputs;
  try {
    stageInputs = await run.literals.prepare(inputs, stage.id);
  } catch (error) {
    const classified = classifyStageError(error, stage.uses, { timedOut: false, cancelled: false, mask: run.mask });
    log.write('error', `${classified.error.code}: ${classified.error.message}`);
    return finish({ status: classified.status, error: classified.error, cache });
  }
  const passThroughSources = run.literals.passThroughSources(stageInputs);

  const reporter = new CollectingReporter();
  log.startStreaming();
  for (let attempt = 1; ; attempt++) {
    run.events.onStageStart?.(stage.id, { attempt });
    reporter.reset();
    log.write('info', `attempt ${attempt}: ${stage.uses} (cache key ${key})`);
    const { outDir, scratch, passThrough, outcome } = await runStageAttempt(run, { stage, inputs: stageInputs, params, tools, log, reporter, attempt, passThroughSources });
    try {
      if (!outcome.ok) {
        const classified = classifyStageError(outcome.error, stage.uses, { timedOut: outcome.timedOut, cancelled: run.runSignal.aborted, mask: run.mask });
        if (classified.bugStack) log.write('error', classified.bugStack);
        if (classified.retryable && attempt <= stage.retries) {
          log.write('warn', `transient failure (${classified.error.code}): ${classified.error.message}; retrying`);
          continue;
        }
        log.write('error', `${classified.error.code}: ${classified.error.message}`);
        return finish({ status: classified.status, error: classified.error, attempts: attempt, cache });
      }
      const report = { metrics: [...reporter.metrics], gates: [...reporter.gates], charts: [...reporter.charts], ...(reporter.summaryText ? { summary: reporter.summaryText } : {}) };
      let outputs: Awaited<ReturnType<typeof commitOutputs>>;
      try {
        const checked = await checkStageOutputs(stage, outputsOfResult(stage, outcome.result), outDir, passThrough);
        if (run.runSignal.aborted) return finish({ status: 'cancelled', reason: 'interrupted', attempts: attempt, cache });
        // What the stage made came from the bytes its key names only if its literal inputs held still.
        await run.literals.verifyAfter(stageInputs, stage.id);
        outputs = await commitOutputs(
          checked,
          run.store,
          (repair) => {
            log.write('warn', `store object ${repair.object} no longer matched its digest: expected ${repair.expected}, found ${repair.found}; rebuilt`);
            onRepair(repair);
          },
          passThrough,
        );
      } catch (error) {
        const classified = classifyStageError(error, stage.uses, { timedOut: false, cancelled: false, mask: run.mask });
        if (classified.bugStack) log.write('error', classified.bugStack);
        // The whole value, for the stage's author: the message holds only its start.
        if (error instanceof StageBugError && error.code === 'E_STAGE_RESULT') log.write('error', run.mask(`run returned: ${inspect(outcome.result, { depth: 4 })}`));
        log.write('error', `${classified.error.code}: ${classified.error.message}`);
        return finish({ status: 'errored', error: classified.error, attempts: attempt, cache, ...report });
      }
      const failedGates = report.gates.filter((g) => !g.passed);
      if (failedGates.length > 0) {
        const message = failedGates.map((g) => g.message ?? `gate ${describeGate(g)}`).join('; ');
        log.write('error', message);
        // Outputs of a failed stage are kept for inspection, but never cached.
        return finish({ status: 'failed', error: { code: 'E_GATE_FAILED', message }, attempts: attempt, cache, outputs, ...report }, artifactsOf(outputs));
      }
      if (cacheable) await writeCacheEntry(run, { key, stageId: stage.id, components, outputs, ...report });
      return finish({ status: 'succeeded', attempts: attempt, cache, outputs, ...report }, artifactsOf(outputs));
    } finally {
      await rm(scratch, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

function artifactsOf(outputs: StageRecord['outputs']): Record<string, Artifact> {
  return Object.fromEntries(Object.entries(outputs).map(([name, a]) => [name, { ...a }]));
}
