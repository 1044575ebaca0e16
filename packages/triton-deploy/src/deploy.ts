import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isPipelineError } from '@pipeline/errors';
import type { KServeClient, RepositoryIndexEntry } from '@pipeline/kserve-client';
import { TritonDeployCode } from './codes.js';
import type { PackagedModel } from './packaged.js';

/** How the new version reaches the server: in the load request itself, or through its repository folder. */
export type DeployMode = { kind: 'load-api' } | { kind: 'repository'; path: string };

/** The outcome of a check run on the new version (smoke inference, load test): a failed check is a failed gate. */
export interface DeployCheck {
  passed: boolean;
  summary: string;
}

export interface DeployOptions {
  client: KServeClient;
  models: PackagedModel[];
  /** The model clients call (the ensemble when there is one). */
  entry: string;
  mode: DeployMode;
  readyTimeoutMs: number;
  /** Run in order on the new version once it is ready; the first that fails or throws ends the deploy. */
  checks: { name: string; /** The failure's code when the check does not pass. */ code: string; run: (version: number) => Promise<DeployCheck> }[];
  log: (line: string) => void;
  /** Time between readiness probes (default 100 ms). */
  pollMs?: number;
}

export interface DeployStep {
  step: string;
  status: 'ok' | 'failed';
  duration_ms: number;
  message: string;
}

export interface DeployReport {
  url: string;
  entry: string;
  mode: DeployMode['kind'];
  version: number;
  /** What the server had before, for each packaged model (empty when it was new). */
  previous: Record<string, { versions: string[]; state: string }>;
  /** `deployed`, `rolled-back` (a check or step failed, the previous state is back), or `rollback-failed`. */
  outcome: 'deployed' | 'rolled-back' | 'rollback-failed';
  failure?: { step: string; kind: 'gate' | 'infrastructure'; code: string; message: string };
  steps: DeployStep[];
}

class StepFailed extends Error {
  constructor(
    readonly kind: 'gate' | 'infrastructure',
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const codeOf = (error: unknown) => (isPipelineError(error) ? error.code : ((error as { code?: string }).code ?? TritonDeployCode.DeployFailed));
// Triton's load API builds a model folder from `file:` contents; an ensemble's version folder is empty,
// so one empty marker file makes it exist (Triton and pipeline serve both write it and ignore it).
const ENSEMBLE_MARKER = '.pipeline-ensemble';

/**
 * Puts the packaged models on the server as a new version (one number above any the server or its
 * repository has), waits until the entry model's new version is ready, runs the checks on it, and on any
 * failure restores what was there: a model that existed is reloaded from the server's own repository
 * (its previous versions — Triton keeps no copy of files pushed through the load API, so a version that
 * itself came that way cannot come back; mode `repository` restores exactly), a new one is unloaded, and in repository mode the new version folder and
 * config are taken back first. Every server call has the client's timeout, so no step hangs; the
 * report says which step failed, how, and whether the rollback worked.
 */
export async function deployToTriton(options: DeployOptions): Promise<DeployReport> {
  const { client, models, entry, mode, log } = options;
  const steps: DeployStep[] = [];
  const report: DeployReport = { url: client.url, entry, mode: mode.kind, version: 0, previous: {}, outcome: 'deployed', steps };
  const step = async <T>(name: string, run: () => Promise<T>, message: (value: T) => string): Promise<T> => {
    const started = performance.now();
    try {
      const value = await run();
      steps.push({ step: name, status: 'ok', duration_ms: performance.now() - started, message: message(value) });
      log(`${name}: ${message(value)}`);
      return value;
    } catch (error) {
      const failed = error instanceof StepFailed ? error : new StepFailed('infrastructure', codeOf(error), (error as Error).message);
      steps.push({ step: name, status: 'failed', duration_ms: performance.now() - started, message: failed.message });
      log(`${name} failed: ${failed.message}`);
      throw failed;
    }
  };
  const restore: { name: string; existed: boolean; configBackup?: string | undefined; versionDir?: string }[] = [];
  try {
    const index = await step('connect', () => client.repositoryIndex(), (i) => `${client.url} answers; its repository lists ${i.length} model(s)`);
    report.version = await newVersion(index, models, mode);
    for (const m of models) {
      const entries = index.filter((e) => e.name === m.name);
      if (entries.length > 0) report.previous[m.name] = { versions: entries.map((e) => e.version ?? '').filter(Boolean), state: entries.map((e) => e.state ?? 'UNKNOWN').join(',') };
    }
    for (const model of models) {
      const existed = report.previous[model.name] !== undefined;
      await step(`put ${model.name}`, () => putModel(options, model, report.version, existed, restore), () => `version ${report.version} loaded (${mode.kind})`);
    }
    await step('ready', () => waitReady(options, report.version), (ms) => `${entry} version ${report.version} ready after ${Math.round(ms)} ms`);
    for (const check of options.checks) {
      await step(
        check.name,
        async () => {
          const outcome = await check.run(report.version);
          if (!outcome.passed) throw new StepFailed('gate', check.code, outcome.summary);
          return outcome;
        },
        (o) => o.summary,
      );
    }
    return report;
  } catch (error) {
    const failed = error as StepFailed;
    report.failure = { step: steps.at(-1)?.step ?? 'connect', kind: failed.kind, code: failed.code, message: failed.message };
    report.outcome = await rollback(options, restore, steps);
    return report;
  }
}

async function newVersion(index: RepositoryIndexEntry[], models: PackagedModel[], mode: DeployMode): Promise<number> {
  let highest = 0;
  for (const e of index) if (models.some((m) => m.name === e.name) && e.version !== undefined) highest = Math.max(highest, Number(e.version) || 0);
  if (mode.kind === 'repository') {
    const { readdir } = await import('node:fs/promises');
    for (const m of models) {
      const dirs = await readdir(path.join(mode.path, m.name)).catch(() => [] as string[]);
      for (const d of dirs) if (/^[1-9]\d*$/.test(d)) highest = Math.max(highest, Number(d));
    }
  }
  const packaged = Math.max(...models.flatMap((m) => [...m.versions.keys()]), 1);
  return highest === 0 ? packaged : highest + 1;
}

/** The files of the model's newest packaged version, renamed into the new version's folder. */
function versionFiles(model: PackagedModel, version: number): Record<string, Uint8Array> {
  const newest = Math.max(...model.versions.keys());
  const files: Record<string, Uint8Array> = {};
  for (const [rel, bytes] of model.versions.get(newest) ?? []) files[`${version}/${rel}`] = bytes;
  if (Object.keys(files).length === 0) files[`${version}/${ENSEMBLE_MARKER}`] = new Uint8Array();
  return files;
}

async function putModel(options: DeployOptions, model: PackagedModel, version: number, existed: boolean, restore: { name: string; existed: boolean; configBackup?: string | undefined; versionDir?: string }[]): Promise<void> {
  const files = versionFiles(model, version);
  if (options.mode.kind === 'load-api') {
    restore.push({ name: model.name, existed });
    await options.client.loadModel(model.name, { config: JSON.stringify(model.configJson), files });
    return;
  }
  const dir = path.join(options.mode.path, model.name);
  const configFile = path.join(dir, 'config.pbtxt');
  const configBackup = await readFile(configFile, 'utf8').catch(() => undefined);
  const versionDir = path.join(dir, String(version));
  restore.push({ name: model.name, existed, configBackup, versionDir });
  for (const [rel, bytes] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), bytes);
  }
  await writeFile(configFile, model.configText);
  await options.client.loadModel(model.name);
}

async function waitReady(options: DeployOptions, version: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const ready = await options.client.modelReady(options.entry, String(version)).catch(() => false);
    if (ready) return performance.now() - started;
    if (performance.now() - started > options.readyTimeoutMs) {
      throw new StepFailed('infrastructure', TritonDeployCode.DeployNotReady, `${options.entry} version ${version} was not ready within ${options.readyTimeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
}

/** Puts back what was there, newest change first; says whether that worked. */
async function rollback(options: DeployOptions, restore: { name: string; existed: boolean; configBackup?: string | undefined; versionDir?: string }[], steps: DeployStep[]): Promise<DeployReport['outcome']> {
  let ok = true;
  for (const r of [...restore].reverse()) {
    const started = performance.now();
    try {
      if (r.versionDir) await rm(r.versionDir, { recursive: true, force: true });
      if (options.mode.kind === 'repository') {
        const configFile = path.join(options.mode.path, r.name, 'config.pbtxt');
        if (r.configBackup !== undefined) await writeFile(configFile, r.configBackup);
        else await rm(path.join(options.mode.path, r.name), { recursive: true, force: true });
      }
      // A model that existed is reloaded from the server's repository (its previous versions); a new one is
      // unloaded. Triton keeps no copy of files pushed through the load API, so what comes back is what its
      // repository holds: the message names the versions now ready.
      let message = `${r.name}: new model unloaded`;
      if (r.existed) {
        await options.client.loadModel(r.name);
        const ready = (await options.client.repositoryIndex()).filter((e) => e.name === r.name && e.state === 'READY').map((e) => e.version ?? '?');
        message = `${r.name}: reloaded from the server's repository, version ${ready.join(', ') || 'none'} ready`;
      } else await options.client.unloadModel(r.name);
      steps.push({ step: `rollback ${r.name}`, status: 'ok', duration_ms: performance.now() - started, message });
      options.log(`rollback ${message}`);
    } catch (error) {
      ok = false;
      steps.push({ step: `rollback ${r.name}`, status: 'failed', duration_ms: performance.now() - started, message: (error as Error).message });
      options.log(`rollback ${r.name} failed: ${(error as Error).message}`);
    }
  }
  return ok ? 'rolled-back' : 'rollback-failed';
}
