// One config checked as Triton checks it when it loads the model: auto-complete of backend fields,
// normalisation, ValidateModelConfig, ValidateModelIOConfig, the directory-name rule, then the
// instance groups. Every problem is collected (Triton stops at the first) and placed at the
// offending value's line and column.
import type { Diagnostic } from '@pipeline/errors';
import type { ModelConfig } from '../model-config.js';
import type { SourceMap } from '../text-format/source-map.js';
import { ensembleStructureProblem } from './ensemble-rules.js';
import { type InstanceGroupOptions, instanceGroupProblems } from './instance-group-rules.js';
import { ioProblems } from './io-rules.js';
import { autoCompleteBackendFields, type NormalizeOptions, normalizeInstanceGroups, normalizeModelConfig } from './normalize.js';
import { BACKEND, type ConfigProblem, PLATFORM } from './problem.js';
import { dynamicBatchingProblem, sequenceBatchingProblem } from './scheduling-rules.js';

export interface ValidateConfigOptions extends NormalizeOptions, InstanceGroupOptions {
  /** The config file, for diagnostics' `loc`. */
  file?: string;
  locations?: SourceMap;
}

export interface ConfigValidation {
  /** The config as Triton holds it after auto-complete of backend fields and normalisation. */
  normalized: ModelConfig;
  problems: ConfigProblem[];
  diagnostics: Diagnostic[];
}

const BACKEND_OF_PLATFORM: Record<string, string> = {
  [PLATFORM.graphdef]: 'tensorflow',
  [PLATFORM.savedmodel]: 'tensorflow',
  [PLATFORM.tensorrt]: 'tensorrt',
  [PLATFORM.onnxruntime]: 'onnxruntime',
  [PLATFORM.libtorch]: 'pytorch',
  [PLATFORM.torchAoti]: 'torch_aoti',
};
const KNOWN_BACKENDS: Record<string, string> = {
  [BACKEND.tensorflow]: 'tensorflow',
  [BACKEND.tensorrt]: 'tensorrt',
  [BACKEND.onnxruntime]: 'onnxruntime',
  [BACKEND.pytorch]: 'pytorch',
};

/** Triton's ValidateModelConfig, in its order. */
function modelConfigProblems(c: ModelConfig): ConfigProblem[] {
  const name = c.name ?? '';
  const platform = c.platform ?? '';
  const backend = c.backend ?? '';
  const problems: ConfigProblem[] = [];
  const push = (code: string, message: string, path: Array<string | number>): void => {
    problems.push({ code, message, path });
  };
  if (!name) return [{ code: 'E_TRITON_NAME', message: "model configuration must specify 'name'", path: [] }];
  if (!backend && platform !== PLATFORM.ensemble) {
    const message = platform ? `unexpected platform type '${platform}' for ${name}` : `must specify 'platform' or 'backend' for '${name}'`;
    push('E_TRITON_PLATFORM', message, ['platform']);
  } else if (backend && platform === PLATFORM.ensemble)
    push('E_TRITON_PLATFORM', `Ensemble model '${name}' must have platform type '${platform}' and empty backend type`, ['backend']);
  else if (KNOWN_BACKENDS[backend] && KNOWN_BACKENDS[backend] !== BACKEND_OF_PLATFORM[platform])
    push('E_TRITON_PLATFORM', `unexpected 'platform' and 'backend' pair, got:${platform}, ${backend}`, ['platform']);
  if ((c.max_batch_size ?? 0) < 0)
    push('E_TRITON_MAX_BATCH_SIZE', `'max_batch_size' must be non-negative value for ${name}`, ['max_batch_size']);
  for (const p of [dynamicBatchingProblem(c), sequenceBatchingProblem(c)]) if (p) problems.push(p);
  if (c.ensemble_scheduling) {
    const p = ensembleStructureProblem(c);
    if (p) problems.push(p);
  } else if (platform === PLATFORM.ensemble)
    push('E_TRITON_ENSEMBLE', `ensemble scheduling must be set for ensemble ${name} whose platform is ensemble`, ['platform']);
  if (c.model_transaction_policy?.decoupled && c.response_cache?.enable)
    push(
      'E_TRITON_RESPONSE_CACHE',
      `Response Cache does not currently support model ${name} with 'decoupled' transaction policy. Please disable the response cache.`,
      ['response_cache'],
    );
  return problems;
}

/** A model name must be one path component: Triton joins it onto the repository path. */
export function modelNameProblem(name: string, path: Array<string | number>): ConfigProblem | undefined {
  if (name === '.' || name === '..' || name.includes('/') || name.includes('\\') || name.includes('\0'))
    return {
      code: 'E_TRITON_MODEL_NAME',
      message: `model name '${name}' is not a single path component of the model repository`,
      path,
      hint: 'a model is a directory directly under the model repository; its name cannot be "..", "." or contain "/"',
    };
  return undefined;
}

export function validateModelConfig(config: ModelConfig, options: ValidateConfigOptions = {}): ConfigValidation {
  const completed = normalizeModelConfig(autoCompleteBackendFields(config, options));
  const problems = modelConfigProblems(completed);
  problems.push(...ioProblems(completed));
  const name = completed.name ?? '';
  const nameProblem = modelNameProblem(name, ['name']);
  if (nameProblem) problems.push(nameProblem);
  else if (options.modelName !== undefined && name !== options.modelName)
    problems.push({
      code: 'E_TRITON_NAME',
      message: `unexpected directory name '${options.modelName}' for model '${name}', directory name must equal model name`,
      path: ['name'],
    });
  for (const [i, step] of (completed.ensemble_scheduling?.step ?? []).entries()) {
    const p = modelNameProblem(step.model_name ?? '', ['ensemble_scheduling', 'step', i, 'model_name']);
    if (p) problems.push(p);
  }
  const normalized = normalizeInstanceGroups(completed, options);
  problems.push(...instanceGroupProblems(normalized, options));
  return { normalized, problems, diagnostics: problems.map((p) => toDiagnostic(p, options)) };
}

export function toDiagnostic(
  problem: ConfigProblem,
  where: { file?: string | undefined; locations?: SourceMap | undefined },
): Diagnostic {
  const d: Diagnostic = { code: problem.code, severity: problem.severity ?? 'error', message: problem.message };
  if (where.file) {
    const at = where.locations?.locate(problem.path);
    d.loc = { file: where.file, line: at?.line ?? 1, column: at?.column ?? 1 };
  }
  if (problem.hint) d.hint = problem.hint;
  return d;
}
