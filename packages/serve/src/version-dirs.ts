import { readdir } from 'node:fs/promises';
import { versionOfFolderName } from '@pipeline/triton-config';
import type { ModelConfig } from './model-config.js';

const NOT_VERSIONS = new Set(['configs', 'warmup', 'initial_state']);

/**
 * The numeric version folders of a model, as Triton reads them (reference §1, @pipeline/triton-config's
 * `versionOfFolderName`): a leading '0' is ignored, a numeric prefix counts (`1abc` is version 1).
 */
export async function versionDirectories(modelDir: string): Promise<Map<number, string>> {
  const versions = new Map<number, string>();
  for (const entry of await readdir(modelDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || NOT_VERSIONS.has(entry.name)) continue;
    const parsed = versionOfFolderName(entry.name);
    if (!('version' in parsed)) continue;
    const { version } = parsed;
    if (!versions.has(version)) versions.set(version, entry.name);
  }
  return versions;
}

/** The versions a version_policy picks: latest N (default latest 1), all, or specific ones. */
export function versionsToLoad(available: readonly number[], policy: ModelConfig['version_policy']): number[] {
  const sorted = [...available].sort((a, b) => b - a);
  if (policy?.all !== undefined) return sorted;
  if (policy?.specific !== undefined) return sorted.filter((v) => policy.specific!.versions.map(Number).includes(v));
  return sorted.slice(0, Number(policy?.latest?.num_versions ?? 1));
}
