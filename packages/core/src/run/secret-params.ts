import { createHmac, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { canonicalJson } from './canonical-json.js';

/** Secret values and the workspace's key for their digests. */
export interface SecretKeying {
  values: readonly string[];
  /** A random per-workspace key: without it a digest of a short secret could be brute-forced from run.json. */
  salt: string;
}

/** Same rule as `createMasker`: shorter values would blank out ordinary text. */
function containsSecret(text: string, values: readonly string[]): boolean {
  return values.some((v) => v.length >= 3 && text.includes(v));
}

/** `hmac-sha256:<hex>` of a value's canonical JSON, keyed by the workspace salt. */
export function secretDigest(value: unknown, salt: string): string {
  return `hmac-sha256:${createHmac('sha256', salt).update(canonicalJson(value)).digest('hex')}`;
}

/**
 * Splits resolved params into what may be recorded: every string holding a secret is masked (`***`),
 * and its keyed digest is kept under its path (`env.MY_TOKEN`, `command[2]`), so a changed secret still
 * changes the cache key and `explain` can say which param's secret changed without showing it.
 */
export function maskSecretParams(
  params: Record<string, unknown>,
  mask: (text: string) => string,
  keying: SecretKeying | undefined,
): { params: Record<string, unknown>; secrets: Record<string, string> } {
  const secrets: Record<string, string> = {};
  if (!keying || keying.values.length === 0) return { params, secrets };
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      if (!containsSecret(value, keying.values)) return value;
      secrets[path] = secretDigest(value, keying.salt);
      return mask(value);
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}[${i}]`));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, path ? `${path}.${k}` : k)]));
    }
    return value;
  };
  return { params: walk(params, '') as Record<string, unknown>, secrets };
}

/**
 * Digests, store paths, ids and enums are machine values: masking a 3-letter secret inside a hex
 * digest or a status would corrupt the record, and none of them comes from a param's value.
 */
const UNMASKED_KEYS = new Set(['digest', 'key', 'path', 'runId', 'status', 'kind', 'op', 'better', 'type', 'continueOn', 'startedAt', 'endedAt', 'createdAt']);
const DIGEST = /^(sha256|hmac-sha256):[0-9a-f]{64}$/;

/**
 * Masks every secret in a record about to be written or printed (run.json, a cache entry): stages may
 * echo their params into output `meta`, summaries or gate messages.
 */
export function maskRecord<T>(value: T, mask: (text: string) => string): T {
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (typeof v === 'string') return (key !== undefined && UNMASKED_KEYS.has(key)) || DIGEST.test(v) ? v : mask(v);
    if (Array.isArray(v)) return v.map((item) => walk(item, undefined));
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, k)]));
    return v;
  };
  return walk(value, undefined) as T;
}

/** The workspace's digest key, created on first use (`wx`: two processes never overwrite each other's). */
export async function workspaceSecretSalt(file: string, create: boolean): Promise<string | undefined> {
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing?.trim() || !create) return existing?.trim() || undefined;
  try {
    await writeFile(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await readFile(file, 'utf8')).trim();
}
