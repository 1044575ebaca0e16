// Files of a packaged repository: the README beside each model's config, and the manifest's list of
// every file with its sha256, so a deployment can tell the repository it runs is the one packaged.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ModelConfig } from '@pipeline/triton-config';
import { REPOSITORY_MANIFEST, type RepositoryManifest } from './manifest.js';

async function sha256(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Every file under `dir` (the manifest itself excepted), relative with `/`, sorted, hashed. */
export async function hashRepositoryFiles(dir: string): Promise<RepositoryManifest['files']> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((p) => p !== REPOSITORY_MANIFEST)
    .sort();
  const out: RepositoryManifest['files'] = [];
  for (const path of files) out.push({ path, ...(await sha256(join(dir, path))) });
  return out;
}

const shape = (mbs: number, dims: readonly number[] | undefined): string =>
  `[${[...(mbs > 0 ? ['batch ≤ ' + mbs] : []), ...(dims ?? []).map((d) => (d === -1 ? 'any' : String(d)))].join(', ')}]`;

/** README.md for a model folder: what it serves, its tensors as clients send them, where it came from. */
export function renderModelReadme(config: ModelConfig, source: { from: string; digest?: string; steps?: string[] }): string {
  const mbs = config.max_batch_size ?? 0;
  const kind = config.platform === 'ensemble' ? 'an ensemble' : `platform/backend \`${config.platform || config.backend}\``;
  const lines = [
    `# ${config.name}`,
    '',
    `Triton model: ${kind}, packaged by \`pipeline\` (package/triton) from ${source.from}${source.digest ? ` \`${source.digest}\`` : ''}.`,
    '',
  ];
  if (source.steps) lines.push(`Steps, in order: ${source.steps.map((s) => `\`${s}\``).join(' → ')}.`, '');
  lines.push(
    mbs > 0
      ? `Batching: up to ${mbs} per request (the batch is the first dimension; \`dims\` in config.pbtxt leave it out)${config.dynamic_batching ? ', with dynamic batching' : ''}.`
      : 'No batching: shapes below are the full shapes.',
    '',
    '| tensor | direction | type | shape |',
    '|---|---|---|---|',
    ...(config.input ?? []).map((t) => `| \`${t.name}\` | input | ${t.data_type} | ${shape(mbs, t.dims)} |`),
    ...(config.output ?? []).map((t) => `| \`${t.name}\` | output | ${t.data_type} | ${shape(mbs, t.dims)} |`),
    '',
    'Check the repository before serving: `pipeline check-repo <model_repository>`.',
    '',
  );
  return lines.join('\n');
}
