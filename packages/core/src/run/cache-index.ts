import { readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChartData, GateRecord, MetricRecord, ProbeResult } from '@pipeline/sdk';
import type { PlannedStage } from '../plan/types.js';
import { canonicalJson, sha256Digest } from './canonical-json.js';
import type { CacheComponents, RecordedArtifact } from './run-record.js';
import { maskSecretParams, type SecretKeying } from './secret-params.js';

/** A successful stage's result, stored under `<workspace>/cache/<key hex>.json`. */
export interface CacheEntry {
  schemaVersion: 1;
  key: string;
  stageId: string;
  components: CacheComponents;
  outputs: Record<string, RecordedArtifact>;
  metrics: MetricRecord[];
  gates: GateRecord[];
  charts: ChartData[];
  summary?: string;
  runId: string;
  createdAt: string;
}

/** The probe's fingerprint: tool → version, "found" when it has none, "missing" when absent. */
export function probeFingerprint(tools: ProbeResult): Record<string, string> {
  return Object.fromEntries(Object.entries(tools).map(([name, t]) => [name, t.found ? (t.version ?? 'found') : 'missing']));
}

/** How secret values are kept out of recorded key components. */
export interface ComponentSecrecy {
  mask: (text: string) => string;
  keying: SecretKeying | undefined;
}

/**
 * The components of a stage's cache key. Inputs enter by content digest only — never path or mtime —
 * so moving a model or touching it does not invalidate, and editing it does. Params holding a secret
 * are recorded masked, with a keyed digest of each under `secrets`: the key (a hash of these
 * components) still changes with the secret, and nothing recorded reveals it.
 */
export function cacheComponentsFor(
  stage: PlannedStage,
  params: Record<string, unknown>,
  inputs: Record<string, { digest: string } | Record<string, { digest: string }> | undefined>,
  tools: ProbeResult,
  secrecy?: ComponentSecrecy,
): CacheComponents {
  const inputDigests: CacheComponents['inputs'] = {};
  for (const [name, value] of Object.entries(inputs)) {
    if (value === undefined) inputDigests[name] = null;
    else if (typeof value.digest === 'string') inputDigests[name] = value.digest as string;
    else inputDigests[name] = Object.fromEntries(Object.entries(value as Record<string, { digest: string }>).map(([k, a]) => [k, a.digest]));
  }
  const canonical = JSON.parse(canonicalJson(params)) as Record<string, unknown>;
  const masked = secrecy ? maskSecretParams(canonical, secrecy.mask, secrecy.keying) : { params: canonical, secrets: {} };
  return {
    stage: { uses: stage.uses, version: stage.stage.version },
    params: masked.params,
    inputs: inputDigests,
    probe: probeFingerprint(tools),
    // Only when present, so the keys of stages without secrets are what they always were.
    ...(Object.keys(masked.secrets).length > 0 ? { secrets: masked.secrets } : {}),
  };
}

/**
 * `sha256:` of the canonical JSON of the components. For a stage with secret params this hashes the
 * masked params plus their keyed digests rather than the clear values: the key is printed in run.json
 * beside every other component, so a hash over the clear value would let a short secret be guessed.
 */
export function cacheKeyOf(components: CacheComponents): string {
  return sha256Digest(canonicalJson(components));
}

/** Cache entries by key; written atomically so a killed run never leaves half an entry. */
export class CacheIndex {
  constructor(readonly dir: string) {}

  private fileOf(key: string): string {
    return join(this.dir, `${key.replace(/^sha256:/, '')}.json`);
  }

  /** Read synchronously: an entry is a few KB, and a no-op re-run reads one per stage. */
  async read(key: string): Promise<CacheEntry | undefined> {
    try {
      const entry = JSON.parse(readFileSync(this.fileOf(key), 'utf8')) as CacheEntry;
      return entry.schemaVersion === 1 && entry.key === key ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  async write(entry: CacheEntry): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = this.fileOf(entry.key);
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(entry, null, 2)}\n`);
    await rename(temp, file);
  }

  async remove(key: string): Promise<void> {
    await rm(this.fileOf(key), { force: true });
  }

  async list(): Promise<CacheEntry[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const entries: CacheEntry[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const entry = await this.read(`sha256:${name.slice(0, -'.json'.length)}`);
      if (entry) entries.push(entry);
    }
    return entries;
  }
}
