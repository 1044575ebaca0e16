import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Artifact, ProbeEnv, ProbeResult } from '@pipeline/sdk';
import { evaluateIf, resolveStageInputs, resolveStageParams } from '../plan/resolve.js';
import type { Plan, PlannedStage, RunScope, StageOutcome } from '../plan/types.js';
import { CacheIndex, cacheComponentsFor, cacheKeyOf } from './cache-index.js';
import { ContentStore } from './content-store.js';
import type { FileHasher } from './file-hasher.js';
import type { CacheComponents, RunRecord, StageRecord } from './run-record.js';
import { readLatestRuns } from './run-plan.js';
import { createMasker } from './secret-mask.js';
import { type SecretKeying, workspaceSecretSalt } from './secret-params.js';
import { workspaceLayout } from './workspace-layout.js';

/** One component of a cache key that differs from the last run's. */
export interface KeyChange {
  component: 'stage' | 'param' | 'input' | 'probe';
  /** `precision`, `model`, `files.up`, `trtexec`, `version`. */
  name: string;
  before: string | undefined;
  after: string | undefined;
  /** When the new value is not known yet because its producer will run again: why that one will. */
  upstream?: StageExplanation;
}

export interface StageExplanation {
  stageId: string;
  verdict: 'cached' | 'will-run' | 'skipped' | 'always-runs' | 'not-in-last-run' | 'no-previous-run' | 'unknown';
  /** What differs from the last run (empty when the key is unchanged). */
  changes: KeyChange[];
  /** Why, in one sentence, when there are no changes to list. */
  note?: string;
  key?: string;
  lastRunId?: string;
}

/** A digest that stands for an output of a stage that will run again: its value is not known yet. */
const PENDING = 'pending:';

/** Lists what differs between two sets of key components, component by component. */
export function diffCacheComponents(before: CacheComponents, after: CacheComponents): KeyChange[] {
  const changes: KeyChange[] = [];
  const show = (v: unknown) => (v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v));
  if (before.stage.uses !== after.stage.uses) changes.push({ component: 'stage', name: 'uses', before: before.stage.uses, after: after.stage.uses });
  if (before.stage.version !== after.stage.version) changes.push({ component: 'stage', name: 'version', before: String(before.stage.version), after: String(after.stage.version) });
  const compare = (component: KeyChange['component'], a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const [x, y] = [a[name], b[name]];
      const nested = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
      if (component === 'input' && nested(x) && nested(y)) {
        compareNested(name, x as Record<string, unknown>, y as Record<string, unknown>);
      } else if (show(x) !== show(y)) {
        changes.push({ component, name, before: show(x), after: show(y) });
      }
    }
  };
  // A `many` input's members read as `files[./data/corpus.txt]`.
  const compareNested = (port: string, a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (show(a[key]) !== show(b[key])) changes.push({ component: 'input', name: `${port}[${key}]`, before: show(a[key]), after: show(b[key]) });
    }
  };
  compare('param', before.params, after.params);
  compareSecrets(before.secrets ?? {}, after.secrets ?? {}, changes);
  compare('input', before.inputs, after.inputs);
  compare('probe', before.probe, after.probe);
  return changes;
}

/**
 * A secret param whose keyed digest differs: its masked text reads the same, so the change is named
 * by path with both sides masked (`param env.MY_TOKEN: *** → *** (secret changed)`).
 */
function compareSecrets(before: Record<string, string>, after: Record<string, string>, changes: KeyChange[]): void {
  for (const path of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (before[path] === after[path]) continue;
    changes.push({ component: 'param', name: path, before: path in before ? '***' : undefined, after: path in after ? '*** (secret changed)' : undefined });
  }
}

export interface ExplainOptions {
  workspace: string;
  hasher: FileHasher;
  probeEnv?: ProbeEnv;
}

/** Reads the record of the last finished run of this pipeline file, if any. */
export async function readLastRun(workspace: string, pipelineFile: string): Promise<RunRecord | undefined> {
  const layout = workspaceLayout(workspace);
  try {
    const runId = (await readLatestRuns(layout.latest))[pipelineFile];
    if (runId === undefined) return undefined;
    return JSON.parse(await readFile(join(layout.runs, runId, 'run.json'), 'utf8')) as RunRecord;
  } catch {
    return undefined;
  }
}

/**
 * Says whether a stage would come from the cache if the pipeline ran now and, if not, which
 * component of its key changed since the last run. Upstream stages are predicted the same way
 * (a cache entry for their new key, checked against the store, gives their outputs); an output of
 * a stage that will run again is "pending", and the explanation names that stage and its reasons.
 * Nothing runs, except the stages' probes.
 */
export async function explainStage(plan: Plan, stageId: string, options: ExplainOptions): Promise<StageExplanation> {
  const last = await readLastRun(options.workspace, plan.file);
  const mask = createMasker(plan.secrets);
  // Read, never created: without a salt no earlier run recorded a secret digest, so any fresh key will do.
  const salt = plan.secrets.length > 0 ? ((await workspaceSecretSalt(workspaceLayout(options.workspace).secretSalt, false)) ?? randomBytes(32).toString('hex')) : undefined;
  const keying: SecretKeying | undefined = salt === undefined ? undefined : { values: plan.secrets, salt };
  const cacheIndex = new CacheIndex(workspaceLayout(options.workspace).cache);
  const outcomes: Record<string, StageOutcome> = {};
  const explanations = new Map<string, StageExplanation>();
  const probes = new Map<string, Promise<ProbeResult>>();
  const byId = new Map(plan.stages.map((s) => [s.id, s]));
  const wanted = ancestorsOf(stageId, byId);

  for (const stage of plan.stages.filter((s) => wanted.has(s.id))) {
    const scope: RunScope = { params: plan.params, env: plan.env, matrix: stage.matrix, tools: {}, stages: outcomes };
    const explanation = await predict(stage, scope);
    explanations.set(stage.id, explanation);
    const status = explanation.verdict === 'skipped' ? 'skipped' : explanation.verdict === 'cached' ? 'cached' : 'succeeded';
    outcomes[stage.id] = { status, outputs: explanation.verdict === 'skipped' ? {} : await predictedOutputs(stage, explanation) };
  }
  return explanations.get(stageId) ?? { stageId, verdict: 'unknown', changes: [], note: `no stage "${stageId}" in this pipeline` };

  async function predict(stage: PlannedStage, scope: RunScope): Promise<StageExplanation> {
    const base = { stageId: stage.id, ...(last ? { lastRunId: last.runId } : {}) };
    try {
      if (!evaluateIf(stage, scope)) return { ...base, verdict: 'skipped', changes: [], note: 'its `if:` is false' };
    } catch {
      return { ...base, verdict: 'unknown', changes: [], note: 'its `if:` depends on outputs not known before running' };
    }
    const inputs = resolveStageInputs(stage, scope);
    const params = resolveStageParams(stage, scope);
    let pending = probes.get(stage.uses);
    if (!pending) {
      pending = stage.stage.probe && options.probeEnv ? stage.stage.probe(options.probeEnv) : Promise.resolve({});
      probes.set(stage.uses, pending);
    }
    const components = cacheComponentsFor(stage, params, inputs, await pending, { mask, keying });
    const key = cacheKeyOf(components);
    const previous: StageRecord | undefined = last?.stages.find((s) => s.id === stage.id);
    const changes = previous?.cache ? diffCacheComponents(previous.cache.components, components) : [];
    for (const change of changes) {
      const producer = change.after?.startsWith(PENDING) ? change.after.slice(PENDING.length).split('#')[0] : undefined;
      const upstream = producer ? explanations.get(producer) : undefined;
      if (upstream) change.upstream = upstream;
    }
    if (!(stage.cache && stage.stage.cacheable !== false)) return { ...base, verdict: 'always-runs', changes, key, note: 'the stage is not cacheable (or has `cache: false`)' };
    const entry = await cacheIndex.read(key);
    const intact = entry && (await outputsIntact(entry.outputs));
    if (intact) return { ...base, verdict: 'cached', changes: [], key };
    if (!last) return { ...base, verdict: 'no-previous-run', changes, key, note: 'there is no previous run in this workspace' };
    if (!previous?.cache) return { ...base, verdict: 'not-in-last-run', changes, key, note: `the last run (${last.runId}) has no cache key for this stage` };
    const note = changes.length === 0 ? (entry ? 'its key is unchanged, but the stored outputs were altered or removed' : 'its key is unchanged, but the cache entry was pruned or never written (the stage did not succeed)') : undefined;
    return { ...base, verdict: 'will-run', changes, key, ...(note ? { note } : {}) };
  }

  async function outputsIntact(outputs: Record<string, { path: string; digest: string }>): Promise<boolean> {
    for (const output of Object.values(outputs)) {
      const path = output.path.startsWith('/') ? output.path : join(workspaceLayout(options.workspace).store, output.path);
      // A literal passed through is checked with its companions as planned, as a run's cache lookup does.
      const literal = output.path.startsWith('/') ? plan.literals?.find((l) => l.path === path && l.digest === output.digest) : undefined;
      if (output.path.startsWith('/') && !literal) return false;
      // Through the store, so a file is checked with its companions, as a run's cache lookup does.
      const found = literal
        ? await options.hasher.hashWithCompanions(path, literal.companions).catch(() => undefined)
        : await new ContentStore(workspaceLayout(options.workspace).store, options.hasher).digestOf(path).catch(() => undefined);
      if (found?.digest !== output.digest) return false;
    }
    return true;
  }

  async function predictedOutputs(stage: PlannedStage, explanation: StageExplanation): Promise<Record<string, Artifact>> {
    if (explanation.verdict === 'cached' && explanation.key) {
      const entry = await cacheIndex.read(explanation.key);
      if (entry) return Object.fromEntries(Object.entries(entry.outputs).map(([k, a]) => [k, { ...a }]));
    }
    // Unknown until the stage runs: a stand-in whose digest names the producer, so consumers' diffs can say so.
    return Object.fromEntries(
      Object.keys(stage.stage.outputs as Record<string, unknown>).map((name) => [name, { kind: stage.outputKinds[name]?.name ?? 'file', digest: `${PENDING}${stage.id}#${name}`, size: 0, path: '', meta: {} }]),
    );
  }
}

function ancestorsOf(id: string, byId: Map<string, PlannedStage>): Set<string> {
  const seen = new Set<string>();
  const visit = (current: string) => {
    if (seen.has(current)) return;
    seen.add(current);
    for (const need of byId.get(current)?.needs ?? []) visit(need);
  };
  visit(id);
  return seen;
}
