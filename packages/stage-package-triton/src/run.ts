import { basename, dirname, join } from 'node:path';
import { InvalidInputError, UsageError } from '@pipeline/errors';
import type { OnnxModelMeta, TensorrtEngineMeta, TritonModelRepositoryMeta } from '@pipeline/kinds';
import {
  checkModelRepository,
  configFromEngine,
  configFromOnnx,
  type EngineDescription,
  engineDescriptionSchema,
  ensembleConfig,
  hashRepositoryFiles,
  type PackageOptions,
  REPOSITORY_MANIFEST,
  type RepositoryManifest,
  renderModelReadme,
} from '@pipeline/triton';
import { type ModelConfig, writeModelConfig } from '@pipeline/triton-config';
import type { PackageTritonContext, PackageTritonParams as Params, PackageTritonResult } from './ports.js';

/** The repository's folder inside the stage's output folder. */
const REPO = 'model_repository';

function packageOptions(params: Params, name: string): PackageOptions {
  return {
    name,
    ...(params.max_batch_size !== undefined ? { maxBatchSize: params.max_batch_size } : {}),
    ...(params.dynamic_batching !== undefined ? { dynamicBatching: params.dynamic_batching } : {}),
    ...(params.instance_group ? { instanceGroup: params.instance_group } : {}),
  };
}

/** convert/tensorrt's `build` record (bindings with ONNX dtypes and symbolic dims, profiles per input) as engine facts. */
function factsFromBuild(build: NonNullable<TensorrtEngineMeta['build']>): EngineDescription {
  return {
    tensorrtVersion: build.tensorrtVersion,
    tensors: build.bindings.map((b) => ({
      name: b.name,
      mode: b.direction,
      dtype: b.dtype,
      shape: (b.shape ?? []).map((d) => (typeof d === 'number' && d >= 0 ? d : -1)),
    })),
    profiles: build.profiles.map((shapes) => ({ shapes })),
  };
}

function engineFacts(meta: TensorrtEngineMeta & Record<string, unknown>, path: string): EngineDescription {
  if (meta.tensors === undefined && meta.build) return factsFromBuild(meta.build);
  const parsed = engineDescriptionSchema.safeParse({ ...meta, profiles: meta.profiles ?? [] });
  if (!parsed.success)
    throw new InvalidInputError('E_TRITON_ENGINE_FACTS', `${path}: the tensorrt-engine artifact carries no IO facts (meta.tensors), so its config cannot be written`, {
      hint: 'package the engine convert/tensorrt built (its metadata records bindings and profiles), or package the ONNX model instead',
    });
  return parsed.data;
}

/** The run of `package/triton` (stage.ts imports it when the stage runs). */
export async function runPackageTriton({ inputs, params, log, report, placeOutput, writeOutput, writeJson, readText, outDir }: PackageTritonContext): Promise<PackageTritonResult> {
  if ((inputs.model === undefined) === (inputs.engine === undefined))
    throw new UsageError('E_PACKAGE_TRITON_INPUT', 'package/triton takes exactly one of `model` (ONNX) or `engine` (TensorRT)');
  const version = String(params.version);
  const models: { config: ModelConfig; from: string; digest?: string; engine?: EngineDescription }[] = [];
  const placeOnnx = async (artifact: { path: string; meta: OnnxModelMeta }, name: string) => {
    await placeOutput(artifact.path, join(REPO, name, version, 'model.onnx'));
    // External-data files travel beside model.onnx, where ONNX Runtime looks for them.
    for (const file of artifact.meta.externalData) await placeOutput(join(dirname(artifact.path), file), join(REPO, name, version, file));
  };

  const main = inputs.model;
  if (main) {
    models.push({ config: configFromOnnx(main.meta, packageOptions(params, params.name)), from: 'onnx-model', digest: main.digest });
    await placeOnnx(main, params.name);
  } else if (inputs.engine) {
    const engine = engineFacts(inputs.engine.meta as TensorrtEngineMeta & Record<string, unknown>, inputs.engine.path);
    models.push({ config: configFromEngine(engine, packageOptions(params, params.name)), from: 'tensorrt-engine', digest: inputs.engine.digest, engine });
    await placeOutput(inputs.engine.path, join(REPO, params.name, version, 'model.plan'));
  }
  for (const [role, artifact] of [
    ['preprocess', inputs.preprocess],
    ['postprocess', inputs.postprocess],
  ] as const) {
    if (!artifact) continue;
    const name = `${params.name}_${role}`;
    const config = configFromOnnx(artifact.meta, { ...packageOptions(params, name), instanceGroup: [] });
    if (role === 'preprocess') models.unshift({ config, from: `onnx-model (${basename(artifact.path)})`, digest: artifact.digest });
    else models.push({ config, from: `onnx-model (${basename(artifact.path)})`, digest: artifact.digest });
    await placeOnnx(artifact, name);
  }
  if (params.ensemble && models.length === 1) throw new UsageError('E_PACKAGE_TRITON_ENSEMBLE', '`ensemble:` needs a `preprocess` or `postprocess` model to chain');
  let entry = params.name;
  if (models.length > 1) {
    entry = params.ensemble ?? `${params.name}_ensemble`;
    const steps = models.map((m) => m.config.name ?? '');
    const config = ensembleConfig(entry, models.map((m) => m.config));
    // An ensemble has no model file, but Triton still needs a version folder. It holds `.gitkeep`
    // (as Triton's own tutorial repository does): content stores and git drop empty folders.
    await writeOutput(join(REPO, entry, '1', '.gitkeep'), '');
    models.push({ config, from: 'its steps' });
    await writeOutput(join(REPO, entry, 'README.md'), renderModelReadme(config, { from: 'its steps', steps }));
  }
  for (const m of models) {
    await writeOutput(join(REPO, m.config.name ?? '', 'config.pbtxt'), writeModelConfig(m.config));
    if (m.config.platform !== 'ensemble')
      await writeOutput(join(REPO, m.config.name ?? '', 'README.md'), renderModelReadme(m.config, { from: m.from, ...(m.digest ? { digest: m.digest } : {}) }));
  }
  if (inputs.card) await writeOutput(join(REPO, params.name, 'MODEL_CARD.md'), await readText(inputs.card));

  const manifestModels: RepositoryManifest['models'] = models.map((m) => ({
    name: m.config.name ?? '',
    platform: m.config.platform || 'onnxruntime_onnx',
    from: m.config.platform === 'ensemble' ? 'ensemble' : m.engine ? 'tensorrt-engine' : 'onnx-model',
    ...(m.digest ? { sourceDigest: m.digest } : {}),
    ...(m.engine ? { engine: m.engine } : {}),
  }));
  const manifest: RepositoryManifest = { kind: 'triton-model-repository', files: await hashRepositoryFiles(join(outDir, REPO)), models: manifestModels };
  await writeJson(join(REPO, REPOSITORY_MANIFEST), manifest);

  // Refuse to hand on a repository Triton would refuse: our own checks, on the files as written.
  const check = await checkModelRepository(join(outDir, REPO), params.triton_release ? { tritonRelease: params.triton_release } : {});
  for (const d of check.diagnostics.filter((x) => x.severity === 'warning')) log.warn(`${d.code}: ${d.message}`);
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    for (const d of errors) log.error(`${d.loc ? `${d.loc.file}:${d.loc.line}:${d.loc.column} ` : ''}${d.code}: ${d.message}`);
    throw new InvalidInputError(errors[0]?.code ?? 'E_TRITON_REPOSITORY', `the packaged repository would not load in Triton: ${errors[0]?.message} (${errors.length} problem(s))`, {
      ...(errors[0]?.hint ? { hint: errors[0].hint } : {}),
    });
  }

  const meta: TritonModelRepositoryMeta = {
    models: models.map((m) => ({
      name: m.config.name ?? '',
      platform: m.config.platform || 'onnxruntime_onnx',
      max_batch_size: m.config.max_batch_size ?? 0,
      versions: [m.config.platform === 'ensemble' ? 1 : params.version],
    })),
    entry,
    manifest: REPOSITORY_MANIFEST,
  };
  report.metric('models', models.length);
  report.summary(`Triton repository: ${models.map((m) => `\`${m.config.name}\``).join(', ')}; clients call \`${entry}\``);
  return { outputs: { repository: { path: REPO, meta } } };
}
