// What Triton fills in before it validates (K model_config_utils.cc AutoCompleteBackendFields and
// NormalizeModelConfig/NormalizeInstanceGroup), so the rules see what Triton's rules see: backend
// from platform (and from the first version's file names), version policy latest 1, preferred batch
// size = max_batch_size, the sequence idle default, pinned memory, and named instance groups.
import type { ModelConfig, ModelInstanceGroup } from '../model-config.js';
import { BACKEND, PLATFORM } from './problem.js';

const SEQUENCE_IDLE_DEFAULT_MICROSECONDS = 1_000_000;

export interface NormalizeOptions {
  /** The model's directory name (the name Triton gives a config without one). */
  modelName?: string;
  /** Names in the first version folder, used as Triton uses them to infer the backend. */
  firstVersionEntries?: readonly string[];
  /** GPU ids on the target; undefined when unknown (then KIND_AUTO is taken as KIND_GPU). */
  gpus?: readonly number[];
}

/** backend, the platform it implies, its default file, platforms that imply the backend. */
const BY_BACKEND: ReadonlyArray<[string, string | undefined, string, string[]]> = [
  [BACKEND.tensorrt, PLATFORM.tensorrt, 'model.plan', [PLATFORM.tensorrt]],
  [BACKEND.onnxruntime, PLATFORM.onnxruntime, 'model.onnx', [PLATFORM.onnxruntime]],
  [BACKEND.openvino, undefined, 'model.xml', []],
];

/** Fills backend/platform/default_model_filename as Triton's AutoCompleteBackendFields does. */
export function autoCompleteBackendFields(config: ModelConfig, options: NormalizeOptions = {}): ModelConfig {
  const c: ModelConfig = { ...config };
  const entries = new Set(options.firstVersionEntries ?? []);
  const hasVersion = options.firstVersionEntries !== undefined;
  const noHints = (): boolean => !c.platform && !c.default_model_filename && hasVersion;
  if (!c.name && options.modelName) c.name = options.modelName;
  if (!c.platform && (!c.backend || c.backend === BACKEND.tensorflow)) {
    if (c.default_model_filename === 'model.savedmodel') c.platform = PLATFORM.savedmodel;
    else if (c.default_model_filename === 'model.graphdef') c.platform = PLATFORM.graphdef;
    else if (!c.default_model_filename && hasVersion) {
      if (entries.has('model.savedmodel')) c.platform = PLATFORM.savedmodel;
      if (entries.has('model.graphdef')) c.platform = PLATFORM.graphdef;
    }
  }
  if (c.platform === PLATFORM.savedmodel || c.platform === PLATFORM.graphdef) {
    c.backend ||= BACKEND.tensorflow;
    c.default_model_filename ||= c.platform === PLATFORM.savedmodel ? 'model.savedmodel' : 'model.graphdef';
    return c;
  }
  for (const [backend, platform, file, platforms] of BY_BACKEND) {
    if (!c.backend) {
      if ((c.platform && platforms.includes(c.platform)) || c.default_model_filename === file) c.backend = backend;
      else if (noHints() && entries.has(file)) c.backend = backend;
    }
    if (c.backend === backend) {
      if (platform) c.platform ||= platform;
      c.default_model_filename ||= file;
      return c;
    }
  }
  if (!c.backend) {
    if (c.platform === PLATFORM.libtorch || c.platform === PLATFORM.libtorchAlt || c.default_model_filename === 'model.pt')
      c.backend = BACKEND.pytorch;
    else if (c.platform === PLATFORM.torchAoti || c.default_model_filename === 'model.pt2') c.backend = BACKEND.pytorch;
    else if (noHints() && entries.has('model.pt')) {
      c.backend = BACKEND.pytorch;
      c.platform = PLATFORM.libtorch;
    } else if (noHints() && entries.has('model.pt2')) {
      c.backend = BACKEND.pytorch;
      c.platform = PLATFORM.torchAoti;
    }
  }
  if (c.backend === BACKEND.pytorch) {
    if (!c.platform) {
      c.platform = PLATFORM.libtorch;
      c.default_model_filename ||= 'model.pt';
    } else if (c.platform === PLATFORM.torchAoti) c.default_model_filename ||= 'model.pt2';
    return c;
  }
  if (!c.backend && (c.default_model_filename === 'model.py' || (noHints() && entries.has('model.py'))))
    c.backend = BACKEND.python;
  if (c.backend === BACKEND.python) {
    c.default_model_filename ||= 'model.py';
    return c;
  }
  if (!c.backend && !c.platform && !c.default_model_filename && options.modelName?.includes('.')) {
    // A custom backend named by the model directory's suffix: `model.<backend_name>`.
    const backend = options.modelName.slice(options.modelName.indexOf('.') + 1);
    c.backend = backend;
    c.default_model_filename = `model.${backend}`;
  }
  return c;
}

/** Triton's NormalizeModelConfig: defaults the rules rely on. */
export function normalizeModelConfig(config: ModelConfig): ModelConfig {
  const c: ModelConfig = { ...config };
  c.version_policy ??= { latest: { num_versions: 1 } };
  const mbs = c.max_batch_size ?? 0;
  if (c.dynamic_batching && (c.dynamic_batching.preferred_batch_size ?? []).length === 0 && mbs > 0)
    c.dynamic_batching = { ...c.dynamic_batching, preferred_batch_size: [mbs] };
  if (c.sequence_batching) {
    const s = { ...c.sequence_batching };
    if (!s.max_sequence_idle_microseconds) s.max_sequence_idle_microseconds = SEQUENCE_IDLE_DEFAULT_MICROSECONDS;
    if (s.oldest && (s.oldest.preferred_batch_size ?? []).length === 0 && mbs > 0)
      s.oldest = { ...s.oldest, preferred_batch_size: [mbs] };
    c.sequence_batching = s;
  }
  if (!c.ensemble_scheduling) {
    const o = { ...(c.optimization ?? {}) };
    o.input_pinned_memory ??= { enable: true };
    o.output_pinned_memory ??= { enable: true };
    c.optimization = o;
  }
  return c;
}

/** Triton's NormalizeInstanceGroup without backend-preferred groups: names, kinds, counts, GPUs. */
export function normalizeInstanceGroups(config: ModelConfig, options: NormalizeOptions = {}): ModelConfig {
  if (config.ensemble_scheduling) return config;
  const gpus = options.gpus;
  const gpuKnown = gpus !== undefined;
  const groups: ModelInstanceGroup[] =
    config.instance_group && config.instance_group.length > 0
      ? config.instance_group.map((g) => ({ ...g }))
      : [{ name: config.name ?? '' }];
  groups.forEach((group, index) => {
    if (!group.name) group.name = `${config.name ?? ''}_${index}`;
    if ((group.kind ?? 'KIND_AUTO') === 'KIND_AUTO') {
      const allPresent = (group.gpus ?? []).every((g) => !gpuKnown || gpus.includes(g));
      group.kind = gpuKnown && (gpus.length === 0 || !allPresent) ? 'KIND_CPU' : 'KIND_GPU';
    }
    if ((group.count ?? 0) < 1) {
      const cpuDefaultTwo = config.backend === BACKEND.tensorflow || config.backend === BACKEND.onnxruntime;
      group.count = group.kind === 'KIND_CPU' && cpuDefaultTwo ? 2 : 1;
    }
    if (group.kind === 'KIND_GPU' && (group.gpus ?? []).length === 0 && gpuKnown) group.gpus = [...gpus];
  });
  return { ...config, instance_group: groups };
}
