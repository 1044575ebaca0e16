// The manifest the package stage writes at the repository root (Triton lists only directories
// there, so a file beside the models is ignored by the server): every file with its sha256, and per
// model where it came from and, for TensorRT engines, the engine's IO and profiles, which a plan
// file alone does not reveal without TensorRT.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '@pipeline/errors';
import { z } from 'zod';
import { engineDescriptionSchema } from './engine.js';

export const REPOSITORY_MANIFEST = 'pipeline-manifest.json';

export const repositoryManifestSchema = z.object({
  kind: z.literal('triton-model-repository'),
  /** Every file of the repository (the manifest excepted), relative, sorted. */
  files: z.array(z.object({ path: z.string(), sha256: z.string(), bytes: z.number().int().nonnegative() })),
  models: z.array(
    z.object({
      name: z.string(),
      platform: z.string(),
      /** `onnx-model`, `tensorrt-engine`, or `ensemble`. */
      from: z.string(),
      sourceDigest: z.string().optional(),
      engine: engineDescriptionSchema.optional(),
    }),
  ),
});
export type RepositoryManifest = z.infer<typeof repositoryManifestSchema>;

/** The manifest of a repository this project packaged, or undefined for one users wrote. */
export async function readRepositoryManifest(dir: string): Promise<RepositoryManifest | undefined> {
  const path = join(dir, REPOSITORY_MANIFEST);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = repositoryManifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new InvalidInputError('E_TRITON_MANIFEST', `${path}: not a repository manifest: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}
