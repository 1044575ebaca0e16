// Triton's `inference.ModelConfig` schema (triton-inference-server/common protobuf/model_config.proto),
// written here as data: message and field names, numbers, types, `repeated`, maps and oneofs, in the
// proto's declaration order. The text-format reader and writer are driven by it, so every field the
// proto has survives a round trip and a field it does not have is refused the way Triton refuses it.

export type ScalarType = 'string' | 'bool' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float' | 'double';

export type FieldType =
  | { kind: 'scalar'; scalar: ScalarType }
  | { kind: 'enum'; enum: string }
  | { kind: 'message'; message: string };

export interface FieldDescriptor {
  name: string;
  number: number;
  type: FieldType;
  repeated: boolean;
  /** For `map<K, V>` fields: the key's scalar type (the value is `type`). */
  mapKey?: ScalarType;
  oneof?: string;
}

export interface MessageDescriptor {
  /** Full name as protobuf prints it in errors, e.g. `inference.ModelInput`. */
  fullName: string;
  fields: FieldDescriptor[];
  byName: Map<string, FieldDescriptor>;
}

// Compact spelling: `[name, number, type, oneof?]`, type one of `string`, `repeated int64`,
// `map<string,string>`, `enum:DataType`, `msg:ModelInput`, `repeated msg:ModelInput`.
type FieldSpec = [string, number, string, string?];

const MESSAGES: Record<string, FieldSpec[]> = {
  'ModelRateLimiter.Resource': [
    ['name', 1, 'string'],
    ['global', 2, 'bool'],
    ['count', 3, 'uint32'],
  ],
  ModelRateLimiter: [
    ['resources', 1, 'repeated msg:ModelRateLimiter.Resource'],
    ['priority', 2, 'uint32'],
  ],
  'ModelInstanceGroup.SecondaryDevice': [
    ['kind', 1, 'enum:ModelInstanceGroup.SecondaryDevice.SecondaryDeviceKind'],
    ['device_id', 2, 'int64'],
  ],
  ModelInstanceGroup: [
    ['name', 1, 'string'],
    ['kind', 4, 'enum:ModelInstanceGroup.Kind'],
    ['count', 2, 'int32'],
    ['rate_limiter', 6, 'msg:ModelRateLimiter'],
    ['gpus', 3, 'repeated int32'],
    ['secondary_devices', 8, 'repeated msg:ModelInstanceGroup.SecondaryDevice'],
    ['profile', 5, 'repeated string'],
    ['passive', 7, 'bool'],
    ['host_policy', 9, 'string'],
  ],
  ModelTensorReshape: [['shape', 1, 'repeated int64']],
  ModelInput: [
    ['name', 1, 'string'],
    ['data_type', 2, 'enum:DataType'],
    ['format', 3, 'enum:ModelInput.Format'],
    ['dims', 4, 'repeated int64'],
    ['reshape', 5, 'msg:ModelTensorReshape'],
    ['is_shape_tensor', 6, 'bool'],
    ['allow_ragged_batch', 7, 'bool'],
    ['optional', 8, 'bool'],
    ['is_non_linear_format_io', 9, 'bool'],
  ],
  ModelOutput: [
    ['name', 1, 'string'],
    ['data_type', 2, 'enum:DataType'],
    ['dims', 3, 'repeated int64'],
    ['reshape', 5, 'msg:ModelTensorReshape'],
    ['label_filename', 4, 'string'],
    ['is_shape_tensor', 6, 'bool'],
    ['is_non_linear_format_io', 7, 'bool'],
  ],
  BatchInput: [
    ['kind', 1, 'enum:BatchInput.Kind'],
    ['target_name', 2, 'repeated string'],
    ['data_type', 3, 'enum:DataType'],
    ['source_input', 4, 'repeated string'],
  ],
  BatchOutput: [
    ['target_name', 1, 'repeated string'],
    ['kind', 2, 'enum:BatchOutput.Kind'],
    ['source_input', 3, 'repeated string'],
  ],
  'ModelVersionPolicy.Latest': [['num_versions', 1, 'uint32']],
  'ModelVersionPolicy.All': [],
  'ModelVersionPolicy.Specific': [['versions', 1, 'repeated int64']],
  ModelVersionPolicy: [
    ['latest', 1, 'msg:ModelVersionPolicy.Latest', 'policy_choice'],
    ['all', 2, 'msg:ModelVersionPolicy.All', 'policy_choice'],
    ['specific', 3, 'msg:ModelVersionPolicy.Specific', 'policy_choice'],
  ],
  'ModelOptimizationPolicy.Graph': [['level', 1, 'int32']],
  'ModelOptimizationPolicy.Cuda.GraphSpec.Shape': [['dim', 1, 'repeated int64']],
  'ModelOptimizationPolicy.Cuda.GraphSpec.LowerBound': [
    ['batch_size', 1, 'int32'],
    ['input', 2, 'map<string,msg:ModelOptimizationPolicy.Cuda.GraphSpec.Shape>'],
  ],
  'ModelOptimizationPolicy.Cuda.GraphSpec': [
    ['batch_size', 1, 'int32'],
    ['input', 2, 'map<string,msg:ModelOptimizationPolicy.Cuda.GraphSpec.Shape>'],
    ['graph_lower_bound', 3, 'msg:ModelOptimizationPolicy.Cuda.GraphSpec.LowerBound'],
  ],
  'ModelOptimizationPolicy.Cuda': [
    ['graphs', 1, 'bool'],
    ['busy_wait_events', 2, 'bool'],
    ['graph_spec', 3, 'repeated msg:ModelOptimizationPolicy.Cuda.GraphSpec'],
    ['output_copy_stream', 4, 'bool'],
  ],
  'ModelOptimizationPolicy.ExecutionAccelerators.Accelerator': [
    ['name', 1, 'string'],
    ['parameters', 2, 'map<string,string>'],
  ],
  'ModelOptimizationPolicy.ExecutionAccelerators': [
    ['gpu_execution_accelerator', 1, 'repeated msg:ModelOptimizationPolicy.ExecutionAccelerators.Accelerator'],
    ['cpu_execution_accelerator', 2, 'repeated msg:ModelOptimizationPolicy.ExecutionAccelerators.Accelerator'],
  ],
  'ModelOptimizationPolicy.PinnedMemoryBuffer': [['enable', 1, 'bool']],
  ModelOptimizationPolicy: [
    ['graph', 1, 'msg:ModelOptimizationPolicy.Graph'],
    ['priority', 2, 'enum:ModelOptimizationPolicy.ModelPriority'],
    ['cuda', 3, 'msg:ModelOptimizationPolicy.Cuda'],
    ['execution_accelerators', 4, 'msg:ModelOptimizationPolicy.ExecutionAccelerators'],
    ['input_pinned_memory', 5, 'msg:ModelOptimizationPolicy.PinnedMemoryBuffer'],
    ['output_pinned_memory', 6, 'msg:ModelOptimizationPolicy.PinnedMemoryBuffer'],
    ['gather_kernel_buffer_threshold', 7, 'uint32'],
    ['eager_batching', 8, 'bool'],
  ],
  ModelQueuePolicy: [
    ['timeout_action', 1, 'enum:ModelQueuePolicy.TimeoutAction'],
    ['default_timeout_microseconds', 2, 'uint64'],
    ['allow_timeout_override', 3, 'bool'],
    ['max_queue_size', 4, 'uint32'],
  ],
  ModelDynamicBatching: [
    ['preferred_batch_size', 1, 'repeated int32'],
    ['max_queue_delay_microseconds', 2, 'uint64'],
    ['preserve_ordering', 3, 'bool'],
    ['priority_levels', 4, 'uint64'],
    ['default_priority_level', 5, 'uint64'],
    ['default_queue_policy', 6, 'msg:ModelQueuePolicy'],
    ['priority_queue_policy', 7, 'map<uint64,msg:ModelQueuePolicy>'],
  ],
  'ModelSequenceBatching.Control': [
    ['kind', 1, 'enum:ModelSequenceBatching.Control.Kind'],
    ['int32_false_true', 2, 'repeated int32'],
    ['fp32_false_true', 3, 'repeated float'],
    ['bool_false_true', 5, 'repeated bool'],
    ['data_type', 4, 'enum:DataType'],
  ],
  'ModelSequenceBatching.ControlInput': [
    ['name', 1, 'string'],
    ['control', 2, 'repeated msg:ModelSequenceBatching.Control'],
  ],
  'ModelSequenceBatching.InitialState': [
    ['data_type', 1, 'enum:DataType'],
    ['dims', 2, 'repeated int64'],
    ['zero_data', 3, 'bool', 'state_data'],
    ['data_file', 4, 'string', 'state_data'],
    ['name', 5, 'string'],
  ],
  'ModelSequenceBatching.State': [
    ['input_name', 1, 'string'],
    ['output_name', 2, 'string'],
    ['data_type', 3, 'enum:DataType'],
    ['dims', 4, 'repeated int64'],
    ['initial_state', 5, 'repeated msg:ModelSequenceBatching.InitialState'],
    ['use_same_buffer_for_input_output', 6, 'bool'],
    ['use_growable_memory', 7, 'bool'],
  ],
  'ModelSequenceBatching.StrategyDirect': [
    ['max_queue_delay_microseconds', 1, 'uint64'],
    ['minimum_slot_utilization', 2, 'float'],
  ],
  'ModelSequenceBatching.StrategyOldest': [
    ['max_candidate_sequences', 1, 'int32'],
    ['preferred_batch_size', 2, 'repeated int32'],
    ['max_queue_delay_microseconds', 3, 'uint64'],
    ['preserve_ordering', 4, 'bool'],
  ],
  ModelSequenceBatching: [
    ['direct', 3, 'msg:ModelSequenceBatching.StrategyDirect', 'strategy_choice'],
    ['oldest', 4, 'msg:ModelSequenceBatching.StrategyOldest', 'strategy_choice'],
    ['max_sequence_idle_microseconds', 1, 'uint64'],
    ['control_input', 2, 'repeated msg:ModelSequenceBatching.ControlInput'],
    ['state', 5, 'repeated msg:ModelSequenceBatching.State'],
    ['iterative_sequence', 6, 'bool'],
  ],
  'ModelEnsembling.Step': [
    ['model_name', 1, 'string'],
    ['model_version', 2, 'int64'],
    ['input_map', 3, 'map<string,string>'],
    ['output_map', 4, 'map<string,string>'],
    ['model_namespace', 5, 'string'],
  ],
  ModelEnsembling: [
    ['step', 1, 'repeated msg:ModelEnsembling.Step'],
    ['max_inflight_responses', 2, 'uint32'],
  ],
  ModelParameter: [['string_value', 1, 'string']],
  'ModelWarmup.Input': [
    ['data_type', 1, 'enum:DataType'],
    ['dims', 2, 'repeated int64'],
    ['zero_data', 3, 'bool', 'input_data_type'],
    ['random_data', 4, 'bool', 'input_data_type'],
    ['input_data_file', 5, 'string', 'input_data_type'],
  ],
  ModelWarmup: [
    ['name', 1, 'string'],
    ['batch_size', 2, 'uint32'],
    ['inputs', 3, 'map<string,msg:ModelWarmup.Input>'],
    ['count', 4, 'uint32'],
  ],
  ModelOperations: [['op_library_filename', 1, 'repeated string']],
  ModelTransactionPolicy: [['decoupled', 1, 'bool']],
  'ModelRepositoryAgents.Agent': [
    ['name', 1, 'string'],
    ['parameters', 2, 'map<string,string>'],
  ],
  ModelRepositoryAgents: [['agents', 1, 'repeated msg:ModelRepositoryAgents.Agent']],
  ModelResponseCache: [['enable', 1, 'bool']],
  'ModelMetrics.MetricControl.MetricIdentifier': [['family', 1, 'string']],
  'ModelMetrics.MetricControl.HistogramOptions': [['buckets', 1, 'repeated double']],
  'ModelMetrics.MetricControl': [
    ['metric_identifier', 1, 'msg:ModelMetrics.MetricControl.MetricIdentifier'],
    ['histogram_options', 2, 'msg:ModelMetrics.MetricControl.HistogramOptions', 'metric_options'],
  ],
  ModelMetrics: [['metric_control', 1, 'repeated msg:ModelMetrics.MetricControl']],
  ModelConfig: [
    ['name', 1, 'string'],
    ['platform', 2, 'string'],
    ['backend', 17, 'string'],
    ['runtime', 25, 'string'],
    ['version_policy', 3, 'msg:ModelVersionPolicy'],
    ['max_batch_size', 4, 'int32'],
    ['input', 5, 'repeated msg:ModelInput'],
    ['output', 6, 'repeated msg:ModelOutput'],
    ['batch_input', 20, 'repeated msg:BatchInput'],
    ['batch_output', 21, 'repeated msg:BatchOutput'],
    ['optimization', 12, 'msg:ModelOptimizationPolicy'],
    ['dynamic_batching', 11, 'msg:ModelDynamicBatching', 'scheduling_choice'],
    ['sequence_batching', 13, 'msg:ModelSequenceBatching', 'scheduling_choice'],
    ['ensemble_scheduling', 15, 'msg:ModelEnsembling', 'scheduling_choice'],
    ['instance_group', 7, 'repeated msg:ModelInstanceGroup'],
    ['default_model_filename', 8, 'string'],
    ['cc_model_filenames', 9, 'map<string,string>'],
    ['metric_tags', 10, 'map<string,string>'],
    ['parameters', 14, 'map<string,msg:ModelParameter>'],
    ['model_warmup', 16, 'repeated msg:ModelWarmup'],
    ['model_operations', 18, 'msg:ModelOperations'],
    ['model_transaction_policy', 19, 'msg:ModelTransactionPolicy'],
    ['model_repository_agents', 23, 'msg:ModelRepositoryAgents'],
    ['response_cache', 24, 'msg:ModelResponseCache'],
    ['model_metrics', 26, 'msg:ModelMetrics'],
  ],
};

/** Enum value names by number, as declared in the proto. */
export const ENUMS = {
  DataType: [
    'TYPE_INVALID',
    'TYPE_BOOL',
    'TYPE_UINT8',
    'TYPE_UINT16',
    'TYPE_UINT32',
    'TYPE_UINT64',
    'TYPE_INT8',
    'TYPE_INT16',
    'TYPE_INT32',
    'TYPE_INT64',
    'TYPE_FP16',
    'TYPE_FP32',
    'TYPE_FP64',
    'TYPE_STRING',
    'TYPE_BF16',
  ],
  'ModelInstanceGroup.Kind': ['KIND_AUTO', 'KIND_GPU', 'KIND_CPU', 'KIND_MODEL'],
  'ModelInstanceGroup.SecondaryDevice.SecondaryDeviceKind': ['KIND_NVDLA'],
  'ModelInput.Format': ['FORMAT_NONE', 'FORMAT_NHWC', 'FORMAT_NCHW'],
  'BatchInput.Kind': [
    'BATCH_ELEMENT_COUNT',
    'BATCH_ACCUMULATED_ELEMENT_COUNT',
    'BATCH_ACCUMULATED_ELEMENT_COUNT_WITH_ZERO',
    'BATCH_MAX_ELEMENT_COUNT_AS_SHAPE',
    'BATCH_ITEM_SHAPE',
    'BATCH_ITEM_SHAPE_FLATTEN',
  ],
  'BatchOutput.Kind': ['BATCH_SCATTER_WITH_INPUT_SHAPE'],
  'ModelOptimizationPolicy.ModelPriority': ['PRIORITY_DEFAULT', 'PRIORITY_MAX', 'PRIORITY_MIN'],
  'ModelQueuePolicy.TimeoutAction': ['REJECT', 'DELAY'],
  'ModelSequenceBatching.Control.Kind': [
    'CONTROL_SEQUENCE_START',
    'CONTROL_SEQUENCE_READY',
    'CONTROL_SEQUENCE_END',
    'CONTROL_SEQUENCE_CORRID',
  ],
} as const satisfies Record<string, readonly string[]>;

export function enumValues(enumName: string): readonly string[] {
  return (ENUMS as Record<string, readonly string[]>)[enumName] ?? [];
}

function parseType(spec: string): { type: FieldType; repeated: boolean; mapKey?: ScalarType } {
  const map = /^map<(\w+),(.+)>$/.exec(spec);
  if (map) {
    const { type } = parseType(map[2] as string);
    return { type, repeated: false, mapKey: map[1] as ScalarType };
  }
  const repeated = spec.startsWith('repeated ');
  const bare = repeated ? spec.slice('repeated '.length) : spec;
  if (bare.startsWith('msg:')) return { type: { kind: 'message', message: bare.slice(4) }, repeated };
  if (bare.startsWith('enum:')) return { type: { kind: 'enum', enum: bare.slice(5) }, repeated };
  return { type: { kind: 'scalar', scalar: bare as ScalarType }, repeated };
}

function buildDescriptors(): Map<string, MessageDescriptor> {
  const out = new Map<string, MessageDescriptor>();
  for (const [name, specs] of Object.entries(MESSAGES)) {
    const fields = specs.map(([fieldName, number, spec, oneof]): FieldDescriptor => {
      const parsed = parseType(spec);
      const field: FieldDescriptor = { name: fieldName, number, type: parsed.type, repeated: parsed.repeated };
      if (parsed.mapKey) field.mapKey = parsed.mapKey;
      if (oneof) field.oneof = oneof;
      return field;
    });
    out.set(name, { fullName: `inference.${name}`, fields, byName: new Map(fields.map((f) => [f.name, f])) });
  }
  return out;
}

/** Every message of model_config.proto by its name inside the `inference` package. */
export const MESSAGE_DESCRIPTORS: ReadonlyMap<string, MessageDescriptor> = buildDescriptors();

export function messageDescriptor(name: string): MessageDescriptor {
  const descriptor = MESSAGE_DESCRIPTORS.get(name);
  if (!descriptor) throw new Error(`model_config.proto has no message ${name}`);
  return descriptor;
}
