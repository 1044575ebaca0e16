import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError } from '@pipeline/errors';
import { parseModelConfig } from '@pipeline/triton-config';

/** One model folder of a packaged repository, read into memory for the load API. */
export interface PackagedModel {
  name: string;
  configText: string;
  /** The config as Triton's JSON (snake_case), for the load API's `config` parameter. */
  configJson: Record<string, unknown>;
  ensemble: boolean;
  /** Version number → files inside the version folder (relative path → bytes). */
  versions: Map<number, Map<string, Uint8Array>>;
}

async function filesUnder(dir: string, prefix = ''): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [k, v] of await filesUnder(path.join(dir, entry.name), rel)) files.set(k, v);
    else if (entry.isFile()) files.set(rel, await readFile(path.join(dir, entry.name)));
  }
  return files;
}

/**
 * The models of a packaged repository (`package/triton`'s output), ensembles last so the models they
 * call are in place first. Version folders are Triton's: numeric, no leading zero.
 */
export async function readPackagedRepository(root: string): Promise<PackagedModel[]> {
  const models: PackagedModel[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(root, entry.name);
    const configText = await readFile(path.join(dir, 'config.pbtxt'), 'utf8').catch(() => undefined);
    if (configText === undefined) continue;
    const { config } = parseModelConfig(configText, path.join(dir, 'config.pbtxt'));
    const versions = new Map<number, Map<string, Uint8Array>>();
    for (const v of await readdir(dir, { withFileTypes: true })) {
      if (v.isDirectory() && /^[1-9]\d*$/.test(v.name)) versions.set(Number(v.name), await filesUnder(path.join(dir, v.name)));
    }
    const json = config as unknown as Record<string, unknown>;
    models.push({ name: entry.name, configText, configJson: json, ensemble: json.platform === 'ensemble', versions });
  }
  if (models.length === 0) throw new InvalidInputError('E_DEPLOY_EMPTY_PACKAGE', `${root}: no model folder with a config.pbtxt`, { hint: 'deploy the repository that package/triton made' });
  // Names in code-unit order: Triton's model names are case-sensitive identifiers, not words to collate.
  return models.sort((a, b) => Number(a.ensemble) - Number(b.ensemble) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
