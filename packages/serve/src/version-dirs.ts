import { readdir } from 'node:fs/promises';
import type { ModelConfig } from './model-config.js';

/**
 * The numeric version folders of a model, as Triton reads them (reference §1): a name with a leading '0'
 * (longer than one character) is ignored, and a numeric prefix counts (`1abc` is version 1).
 */
export async function versionDirectories(modelDir: string): Promise<Map<number, string>> {
  const versions = new Map<number, string>();
  for (const entry of await readdir(modelDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || (entry.name.length > 1 && entry.name.startsWith('0'))) continue;
    const match = /^\d+/.exec(entry.name);
    if (match === null) continue;
    const version = Number(match[0]);
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
