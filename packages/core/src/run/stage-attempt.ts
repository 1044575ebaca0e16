import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Artifact, ProbeResult, ServiceOptions, StageResult } from '@pipeline/sdk';
import type { PlannedStage } from '../plan/types.js';
import { createExec } from './exec-process.js';
import type { RunContext } from './run-context.js';
import { PassThroughLinks, type PassThroughSource } from './pass-through.js';
import { createStageFiles } from './stage-files.js';
import type { CollectingReporter } from './stage-reporter.js';
import type { StageLogFile } from './stage-log.js';
import { stageFileName } from './workspace-layout.js';

/** Why an attempt's signal was aborted: the user (Ctrl-C) or the stage's own timeout. */
export class StageTimeoutError extends Error {
  override name = 'StageTimeoutError';
}

export interface AttemptInput {
  stage: PlannedStage;
  inputs: Record<string, Artifact | Record<string, Artifact> | undefined>;
  params: Record<string, unknown>;
  tools: ProbeResult;
  log: StageLogFile;
  reporter: CollectingReporter;
  attempt: number;
  /** Inputs `placeOutput` links to rather than copies (pass-through.ts). */
  passThroughSources?: readonly PassThroughSource[];
}

export interface AttemptResult {
  outDir: string;
  /** The folder to remove once outputs are committed (or the attempt is abandoned). */
  scratch: string;
  /** The links `placeOutput` made to the stage's inputs, resolved when outputs are committed. */
  passThrough: PassThroughLinks;
  outcome: { ok: true; result: StageResult<Record<string, never>> } | { ok: false; error: unknown; timedOut: boolean };
}

/**
 * Runs `stage.run` once in fresh folders, with a signal that aborts on Ctrl-C or the stage's timeout.
 * A stage that ignores its signal is not waited for beyond the kill grace period: its subprocesses are
 * killed with their process group, and its folders are abandoned.
 */
export async function runStageAttempt(run: RunContext, input: AttemptInput): Promise<AttemptResult> {
  const { stage, log } = input;
  const scratch = join(run.layout.tmp, run.runId, `${stageFileName(stage.id)}.${input.attempt}`);
  const outDir = join(scratch, 'out');
  const workDir = join(scratch, 'work');
  await rm(scratch, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await mkdir(workDir, { recursive: true });

  const passThrough = new PassThroughLinks(input.passThroughSources);
  const controller = new AbortController();
  const onRunAbort = () => controller.abort(run.runSignal.reason);
  run.runSignal.addEventListener('abort', onRunAbort, { once: true });
  if (run.runSignal.aborted) controller.abort(run.runSignal.reason);
  const timer =
    stage.timeoutMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(new StageTimeoutError(`stage ${stage.id} timed out after ${stage.timeoutMs} ms`)), stage.timeoutMs);

  const exec = createExec({
    env: run.childEnv,
    signal: controller.signal,
    mask: run.mask,
    onLine: (line, stream) => log.write(stream, line),
    killGraceMs: run.killGraceMs,
    groups: run.processGroups,
  });
  const ctx = {
    stageId: stage.id,
    inputs: input.inputs,
    params: input.params,
    outDir,
    workDir,
    keepDir: join(run.layout.keep, stageFileName(stage.stage.name)),
    exec,
    startService: (file: string, args: readonly string[], options: ServiceOptions) =>
      run.services.start(file, args, options, { onLine: (line, stream) => log.write(stream, run.mask(line)), signal: controller.signal }),
    log: {
      debug: (m: string) => log.write('debug', m),
      info: (m: string) => log.write('info', m),
      warn: (m: string) => log.write('warn', m),
      error: (m: string) => log.write('error', m),
    },
    progress: (update: { current?: number; total?: number; message?: string }) => run.events.onStageProgress?.(stage.id, update),
    signal: controller.signal,
    tools: input.tools,
    env: run.plan.env,
    report: input.reporter,
    ...createStageFiles(outDir, stage.id, passThrough),
  };

  const aborted = new Promise<'aborted'>((resolve) => {
    if (controller.signal.aborted) resolve('aborted');
    controller.signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  const running = Promise.resolve().then(() => stage.stage.run(ctx) as Promise<StageResult<Record<string, never>>>);
  try {
    const first = await Promise.race([running.then((result) => ({ result }), (error: unknown) => ({ error })), aborted]);
    if (first === 'aborted') {
      // Give the stage the kill grace period to notice and unwind before its folders are abandoned.
      await Promise.race([running.catch(() => undefined), new Promise((r) => setTimeout(r, run.killGraceMs + 500).unref())]);
      return { outDir, scratch, passThrough, outcome: { ok: false, error: controller.signal.reason, timedOut: controller.signal.reason instanceof StageTimeoutError } };
    }
    if ('error' in first) {
      const timedOut = controller.signal.reason instanceof StageTimeoutError;
      return { outDir, scratch, passThrough, outcome: { ok: false, error: controller.signal.aborted ? controller.signal.reason : first.error, timedOut } };
    }
    return { outDir, scratch, passThrough, outcome: { ok: true, result: first.result } };
  } finally {
    clearTimeout(timer);
    run.runSignal.removeEventListener('abort', onRunAbort);
  }
}
