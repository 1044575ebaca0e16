import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '@pipeline/errors';
import type { ProbeEnv } from '@pipeline/sdk';
import type { Plan } from '../plan/types.js';
import { CacheIndex } from './cache-index.js';
import { ContentStore } from './content-store.js';
import { createExec } from './exec-process.js';
import { createFileHasher, type FileHasher } from './file-hasher.js';
import { LiteralInputs } from './literal-inputs.js';
import { createProbeEnv } from './probe-env.js';
import type { RunContext } from './run-context.js';
import { combineRunEvents, type RunEvents } from './run-events.js';
import { RUN_RECORD_SCHEMA_VERSION, type RunRecord, type RunStatus, type StageRecord } from './run-record.js';
import { type ContinueOn, scheduleStages } from './schedule.js';
import { judgeRunBaseline } from './judge-run-baseline.js';
import { resolvePipelineOutputs } from './pipeline-outputs.js';
import { createMasker } from './secret-mask.js';
import { maskRecord, workspaceSecretSalt } from './secret-params.js';
import { createProcessGroupRegistry, type ProcessGroupRegistry, reapDeadRuns } from './process-guardian.js';
import { RunServices } from './run-services.js';
import { acquireWorkspaceLock } from './workspace-lock.js';
import { workspaceLayout } from './workspace-layout.js';

export interface RunOptions {
  /** `<baseDir>/.pipeline`: store, cache, runs, the lock and the hash memo live here. */
  workspace: string;
  /** Stages running at once; default: the machine's available parallelism. */
  concurrency?: number;
  /** After a stage fails: start nothing more (`never`, default), only stages whose dependencies succeeded, or everything. */
  continueOn?: ContinueOn;
  /** Run every stage, ignoring cache hits (results are still written to the cache). */
  noCache?: boolean;
  /** Stage ids (or matrix base ids) to run even on a cache hit. */
  force?: string[];
  signal?: AbortSignal;
  events?: RunEvents;
  /** How probes find tools; default searches PATH and runs `<tool> --version`. */
  probeEnv?: ProbeEnv;
  /** Wall clock in ms (tests inject one). */
  clock?: () => number;
  /** A hasher shared with `loadPipeline`, so files ingested at plan time are not read twice. */
  hasher?: FileHasher;
  /** Between SIGTERM and SIGKILL when a stage's processes are killed. Default 2000 ms. */
  killGraceMs?: number;
  /** The environment subprocesses inherit PATH/HOME etc. from; default `process.env`. */
  baseEnv?: Readonly<Record<string, string | undefined>>;
}

/**
 * The exit code a run ends with, first match wins:
 * 1. 130 interrupted;
 * 2. 3 a stage errored for any reason but the user's input (infrastructure or a stage bug; also an
 *    errored record without `error.kind`): the run could not decide;
 * 3. 2 stages errored, every one on the user's input (`error.kind: 'input'`): the pipeline or its data
 *    is wrong, as at check time — above a gate, since the gates that did run judged only part of it;
 * 4. 1 a gate failed: the model is not good enough;
 * 5. 0.
 * Without `stages`, an errored run is 3.
 */
export function exitCodeOf(status: RunStatus, stages: readonly StageRecord[] = []): number {
  if (status === 'errored') {
    const errored = stages.filter((s) => s.status === 'errored');
    return errored.length > 0 && errored.every((s) => s.error?.kind === 'input') ? ExitCode.InvalidUsage : ExitCode.StageErrored;
  }
  return { succeeded: ExitCode.Success, failed: ExitCode.GateFailed, cancelled: ExitCode.Interrupted }[status];
}

export function runStatusOf(stages: StageRecord[], interrupted: boolean): RunStatus {
  if (interrupted || stages.some((s) => s.status === 'cancelled')) return 'cancelled';
  if (stages.some((s) => s.status === 'errored')) return 'errored';
  if (stages.some((s) => s.status === 'failed')) return 'failed';
  return 'succeeded';
}

/** Sortable (to the millisecond) and unique: `20251124T225300.123Z-1a2b3c`. */
function newRunId(now: number): string {
  return `${new Date(now).toISOString().replace(/[-:]/g, '')}-${randomBytes(3).toString('hex')}`;
}

/** Only what tools need to start; the pipeline's `env:` is added on top. Secrets are in `plan.env` when named. */
function childEnvironment(base: Readonly<Record<string, string | undefined>>, plan: Plan): Record<string, string> {
  const keep = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TMPDIR', 'TERM', 'SHELL', 'NODE_OPTIONS'];
  const env: Record<string, string> = {};
  for (const name of keep) if (base[name] !== undefined) env[name] = base[name] as string;
  return { ...env, ...plan.env };
}

/**
 * Runs a checked plan: takes the workspace lock, schedules the stages, writes
 * `runs/<run-id>/run.json` and returns it. A stage's failure is a status in the record, not a throw;
 * this throws only when the run cannot start (workspace locked: `UsageError`, exit 2).
 */
export async function runPlan(plan: Plan, options: RunOptions): Promise<RunRecord> {
  const clock = options.clock ?? Date.now;
  const layout = workspaceLayout(options.workspace);
  const lock = await acquireWorkspaceLock(layout.workspace);
  let processGroups: ProcessGroupRegistry | undefined;
  let services: RunServices | undefined;
  try {
    // Holding the lock, every folder in tmp/ is a dead run's: its leftover processes and files go.
    await reapDeadRuns(layout.tmp);
    // …and so is every half-built store object (a copy of a large literal cut short by kill -9).
    rmSync(join(layout.store, 'tmp'), { recursive: true, force: true });
    const hasher = options.hasher ?? (await createFileHasher({ memoFile: layout.memo }));
    const startedAt = clock();
    const runId = newRunId(startedAt);
    const runDir = join(layout.runs, runId);
    mkdirSync(join(runDir, 'logs'), { recursive: true });
    const signal = options.signal ?? new AbortController().signal;
    const mask = createMasker(plan.secrets);
    const salt = plan.secrets.length > 0 ? await workspaceSecretSalt(layout.secretSalt, true) : undefined;
    const baseEnv = options.baseEnv ?? process.env;
    const childEnv = childEnvironment(baseEnv, plan);
    const events = combineRunEvents(options.events);
    const killGraceMs = options.killGraceMs ?? 2000;
    processGroups = createProcessGroupRegistry(join(layout.tmp, runId, 'process-groups'), killGraceMs);
    services = new RunServices(childEnvironment(options.baseEnv ?? process.env, plan), killGraceMs, processGroups);
    const probeEnv =
      options.probeEnv ??
      createProbeEnv(createExec({ env: childEnv, signal, mask, onLine: () => undefined, groups: processGroups }), { ...baseEnv, ...plan.env });
    const store = new ContentStore(layout.store, hasher);
    const run: RunContext = {
      runId,
      runDir,
      layout,
      plan,
      store,
      literals: new LiteralInputs(plan.literals ?? [], plan.literalInputs ?? 'in-place', hasher, store),
      cacheIndex: new CacheIndex(layout.cache),
      hasher,
      events,
      mask,
      secretKeying: salt === undefined ? undefined : { values: plan.secrets, salt },
      clock,
      runSignal: signal,
      noCache: options.noCache ?? false,
      force: new Set(options.force ?? []),
      childEnv,
      probeEnv,
      probeCache: new Map(),
      tools: {},
      killGraceMs,
      processGroups,
      services,
    };
    const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
    const continueOn = options.continueOn ?? 'never';
    events.onRunStart?.({ runId, runDir, plan });
    const stages = await scheduleStages(run, { concurrency, continueOn });
    // The run's work is done: its services go before the record is written, so nothing outlives it.
    await services.stopAll();
    const stageStatus = runStatusOf(stages, signal.aborted);
    const endedAt = clock();
    const outputs = resolvePipelineOutputs(plan, stages, run.tools);
    const baseline = plan.baseline && stageStatus !== 'cancelled' ? await judgeRunBaseline(plan.baseline, { runId, stages }) : undefined;
    // A breached baseline threshold fails the run like a failed gate (exit 1); a worse status stays.
    const status = stageStatus === 'succeeded' && baseline?.failed ? 'failed' : stageStatus;
    // Masked whole: stages may echo a secret param into an output's meta, a summary or a gate message.
    const record: RunRecord = maskRecord<RunRecord>({
      schemaVersion: RUN_RECORD_SCHEMA_VERSION,
      runId,
      pipeline: { name: plan.name, file: plan.file },
      status,
      exitCode: exitCodeOf(status, stages),
      startedAt: new Date(startedAt).toISOString(),
      endedAt: new Date(endedAt).toISOString(),
      durationMs: endedAt - startedAt,
      options: { concurrency, continueOn, noCache: run.noCache, force: [...run.force] },
      stages,
      outputs,
      ...(baseline ? { baseline: baseline.record } : {}),
    }, mask);
    await writeJsonAtomic(join(runDir, 'run.json'), record);
    await writeJsonAtomic(layout.latest, { ...(await readLatestRuns(layout.latest)), [plan.file]: runId });
    await hasher.save();
    rmSync(join(layout.tmp, runId), { recursive: true, force: true });
    events.onRunEnd?.(record);
    return record;
  } finally {
    processGroups?.close();
    await services?.stopAll();
    await lock.release();
  }
}

/** Pipeline file → its last run id; several pipeline files in one folder share the workspace. */
export async function readLatestRuns(file: string): Promise<Record<string, string>> {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof data === 'object' && data !== null ? (data as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * Temp file, then rename: a reader (or a crash) never sees half a file. Synchronous: run records are
 * small, and each await on a loaded machine costs more than the write.
 */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  mkdirSync(join(file, '..'), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temp, file);
}
