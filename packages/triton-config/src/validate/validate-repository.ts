// A whole repository as Triton loads it: each model's config (see validate-config.ts), at least one
// version under the version policy, and ensembles against the models they compose.
import type { Diagnostic } from '@pipeline/errors';
import type { ModelConfig } from '../model-config.js';
import type { ModelRepository, RepositoryModel } from '../repository.js';
import { ensembleModelProblems } from './ensemble-models.js';
import type { InstanceGroupOptions } from './instance-group-rules.js';
import { modelNameProblem, toDiagnostic, validateModelConfig } from './validate-config.js';

export interface RepositoryValidation {
  /** Each readable model's config after Triton's auto-complete of backend fields and normalisation. */
  normalized: Map<string, ModelConfig>;
  diagnostics: Diagnostic[];
}

/** The versions Triton would load under the model's version policy. */
export function versionsToLoad(model: RepositoryModel, config: ModelConfig): number[] {
  const available = model.versions.map((v) => v.version).sort((a, b) => a - b);
  const policy = config.version_policy;
  if (policy?.all) return available;
  if (policy?.specific) return available.filter((v) => (policy.specific?.versions ?? []).includes(v));
  const n = policy?.latest?.num_versions ?? 1;
  return available.slice(Math.max(0, available.length - n));
}

export function validateModelRepository(repo: ModelRepository, options: InstanceGroupOptions = {}): RepositoryValidation {
  const diagnostics: Diagnostic[] = [...repo.diagnostics];
  const normalized = new Map<string, ModelConfig>();
  const where = new Map<string, { file: string; locations?: RepositoryModel['locations'] }>();
  for (const model of repo.models) {
    const file = model.configPath ?? `${model.dir}/config.pbtxt`;
    const nameProblem = modelNameProblem(model.name, []);
    if (nameProblem) diagnostics.push(toDiagnostic(nameProblem, { file }));
    if (!model.configPath) {
      diagnostics.push({
        code: 'E_TRITON_NO_CONFIG',
        severity: 'error',
        message: `failed to open text file for read ${file}: No such file or directory`,
        loc: { file, line: 1, column: 1 },
        hint: 'only ONNX Runtime, TensorRT and Python models with auto_complete_config() run without a config.pbtxt; run `pipeline check-repo --complete` to see what Triton would fill in',
      });
      continue;
    }
    if (!model.config) continue; // a syntax error, already reported
    const first = model.versions[0];
    const result = validateModelConfig(model.config, {
      ...options,
      modelName: model.name,
      ...(first ? { firstVersionEntries: first.entries } : {}),
      file,
      ...(model.locations ? { locations: model.locations } : {}),
    });
    diagnostics.push(...result.diagnostics);
    normalized.set(model.name, result.normalized);
    where.set(model.name, { file, ...(model.locations ? { locations: model.locations } : {}) });
    if (versionsToLoad(model, result.normalized).length === 0)
      diagnostics.push({
        code: 'E_TRITON_NO_VERSION',
        severity: 'error',
        message: `at least one version must be available under the version policy of model '${model.name}'`,
        loc: { file, line: 1, column: 1 },
        hint: result.normalized.ensemble_scheduling
          ? `an ensemble still needs an (empty) version folder: mkdir -p ${model.dir}/1`
          : `put the model file in ${model.dir}/1/`,
      });
  }
  for (const [name, config] of normalized) {
    if (!config.ensemble_scheduling) continue;
    const at = where.get(name) ?? { file: name };
    diagnostics.push(...ensembleModelProblems(config, normalized).map((p) => toDiagnostic(p, at)));
  }
  return { normalized, diagnostics };
}
