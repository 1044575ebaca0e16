// `pipeline check-repo` as a library: a repository users wrote, checked the way Triton loads it —
// configs (syntax and rules, located), versions, model files of the right kind, ensembles, ONNX
// models and TensorRT engines against their configs — and, with `complete`, what Triton's
// auto-complete would fill in, so users see the config Triton will actually run.
import { join } from 'node:path';
import { compareDiagnostics, type Diagnostic } from '@pipeline/errors';
import { modelIO, readModel } from '@pipeline/onnx';
import {
  autoCompleteBackendFields,
  type InstanceGroupOptions,
  type ModelConfig,
  type ModelRepository,
  readModelRepository,
  type RepositoryModel,
  validateModelRepository,
} from '@pipeline/triton-config';
import { completeOnnxruntimeConfig, completeTensorrtConfig, type OnnxIOFacts } from './auto-complete.js';
import { lintEngineConfig } from './engine-lint.js';
import { assertTritonReleaseFormat } from './guard.js';
import { type RepositoryManifest, readRepositoryManifest } from './manifest.js';
import { modelFileName, modelFileProblems, onnxFileOf } from './model-files.js';
import { lintOnnxConfig } from './onnx-lint.js';

export interface CheckRepositoryOptions extends InstanceGroupOptions {
  /** Fill in what Triton's auto-complete would (ONNX Runtime from the model, TensorRT from the manifest's engine facts). */
  complete?: boolean;
  /** Triton release (`YY.MM`) the repository targets: TensorRT engines are checked against it. */
  tritonRelease?: string;
  /** `--backend-config=onnxruntime,default-max-batch-size=<n>` (Triton's default 4). */
  defaultMaxBatchSize?: number;
}

export interface RepositoryCheck {
  repository: ModelRepository;
  /** Each model's config as Triton would hold it (completed when asked, normalised). */
  configs: Map<string, ModelConfig>;
  diagnostics: Diagnostic[];
}

async function onnxFacts(path: string): Promise<OnnxIOFacts | undefined> {
  try {
    return modelIO(await readModel(await onnxFileOf(path)));
  } catch {
    return undefined; // reported as a model-file problem
  }
}

function modelFilePath(model: RepositoryModel, config: ModelConfig): string | undefined {
  const file = modelFileName(config);
  const first = model.versions.at(-1);
  return file && first?.entries.includes(file) ? join(first.dir, file) : undefined;
}

async function complete(model: RepositoryModel, manifest: RepositoryManifest | undefined, options: CheckRepositoryOptions, diagnostics: Diagnostic[]): Promise<void> {
  if (model.configPath && !model.config) return; // its syntax error stands; completing around it would hide it
  const base = autoCompleteBackendFields(model.config ?? {}, {
    modelName: model.name,
    ...(model.versions[0] ? { firstVersionEntries: model.versions[0].entries } : {}),
  });
  const path = modelFilePath(model, base);
  let completion: { config: ModelConfig; diagnostics: Diagnostic[] } | undefined;
  if (base.platform === 'onnxruntime_onnx' && path) {
    const io = await onnxFacts(path);
    if (io) completion = completeOnnxruntimeConfig(base, io, options.defaultMaxBatchSize);
  } else if (base.platform === 'tensorrt_plan') {
    const engine = manifest?.models.find((m) => m.name === model.name)?.engine;
    if (engine) completion = completeTensorrtConfig(base, engine);
  }
  if (!completion) return;
  const file = model.configPath ?? join(model.dir, 'config.pbtxt');
  diagnostics.push(...completion.diagnostics.map((d) => ({ ...d, loc: { file, line: 1, column: 1 } })));
  model.config = completion.config;
  model.configPath = file;
}

export async function checkModelRepository(dir: string, options: CheckRepositoryOptions = {}): Promise<RepositoryCheck> {
  // A malformed release is the caller's mistake even when no engine in this repository would be checked against it.
  if (options.tritonRelease !== undefined) assertTritonReleaseFormat(options.tritonRelease);
  const repository = await readModelRepository(dir);
  const manifest = await readRepositoryManifest(dir);
  const diagnostics: Diagnostic[] = [];
  if (options.complete) for (const model of repository.models) await complete(model, manifest, options, diagnostics);
  const validation = validateModelRepository(repository, options);
  diagnostics.push(...validation.diagnostics);
  for (const model of repository.models) {
    const config = validation.normalized.get(model.name);
    if (!config || !model.configPath) continue;
    const at = (d: Diagnostic): Diagnostic => ({ ...d, loc: d.loc ?? { file: model.configPath as string, line: 1, column: 1 } });
    diagnostics.push(...(await modelFileProblems(model, config, model.configPath)));
    const path = modelFilePath(model, config);
    if (config.platform === 'onnxruntime_onnx' && path) {
      const io = await onnxFacts(path);
      if (io) diagnostics.push(...lintOnnxConfig(config, io).map(at));
    }
    const engine = manifest?.models.find((m) => m.name === model.name)?.engine;
    if (config.platform === 'tensorrt_plan' && engine)
      diagnostics.push(...lintEngineConfig(config, engine, options.tritonRelease ? { tritonRelease: options.tritonRelease } : {}).map(at));
  }
  return { repository, configs: validation.normalized, diagnostics: diagnostics.sort(compareDiagnostics) };
}
