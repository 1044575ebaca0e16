import { InvalidInputError } from '@pipeline/errors';
import { defineArtifactKind, directoryKind } from '@pipeline/sdk';
import { z } from 'zod';

/** What a Triton model repository artifact says about itself. */
export const tritonModelRepositoryMetaSchema = z.lazy(() =>
  z
    .object({
      /** The models it holds (ensembles included), with their platform and versions. */
      models: z.array(
        z.object({
          name: z.string(),
          platform: z.string(),
          max_batch_size: z.number().int(),
          versions: z.array(z.number().int()),
        }),
      ),
      /** The model clients call: the ensemble when there is one, else the single model. */
      entry: z.string().optional(),
      /** The manifest with every file's sha256 (`pipeline-manifest.json`), when this project packaged it. */
      manifest: z.string().optional(),
    })
    .loose(),
);
export type TritonModelRepositoryMeta = z.infer<typeof tritonModelRepositoryMetaSchema>;

/** A Triton model repository: one folder per model with config.pbtxt and numbered version folders. */
export const tritonModelRepositoryKind = defineArtifactKind('triton-model-repository', tritonModelRepositoryMetaSchema, {
  parent: directoryKind,
  description: 'A Triton model repository (<repo>/<model>/config.pbtxt + <repo>/<model>/<version>/model.*), checked with Triton’s rules.',
  async ingest(path): Promise<TritonModelRepositoryMeta> {
    // Imported here, not at the top: `pipeline check` loads every kind, and only ingesting a repository reads one.
    const { readModelRepository } = await import('@pipeline/triton-config');
    const repo = await readModelRepository(path);
    const broken = repo.diagnostics.find((d) => d.severity === 'error');
    if (broken)
      throw new InvalidInputError(broken.code, `${broken.loc ? `${broken.loc.file}:${broken.loc.line}:${broken.loc.column}: ` : ''}${broken.message}`, {
        hint: 'run `pipeline check-repo` on the folder for every problem',
      });
    if (repo.models.length === 0) throw new InvalidInputError('E_TRITON_REPOSITORY_EMPTY', `${path} holds no model folder`);
    return {
      models: repo.models.map((m) => ({
        name: m.name,
        platform: m.config?.platform || m.config?.backend || '',
        max_batch_size: m.config?.max_batch_size ?? 0,
        versions: m.versions.map((v) => v.version),
      })),
    };
  },
});
