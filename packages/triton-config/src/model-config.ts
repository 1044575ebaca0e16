// The typed ModelConfig: zod schemas for the fields users set, with snake_case names exactly as in
// config.pbtxt. Every object is loose, so a field of model_config.proto that is not typed here (the
// reader knows the whole proto) is carried through untouched instead of dropped.
import { z } from 'zod';
import { ENUMS } from './proto-schema.js';

export const DataTypeSchema = z.enum(ENUMS.DataType);
export type DataType = z.infer<typeof DataTypeSchema>;

const int = z.number().int();
const dims = z.array(int);

export const ModelTensorReshapeSchema = z.looseObject({ shape: dims.optional() });

export const ModelInputSchema = z.looseObject({
  name: z.string().optional(),
  data_type: DataTypeSchema.optional(),
  format: z.enum(ENUMS['ModelInput.Format']).optional(),
  dims: dims.optional(),
  reshape: ModelTensorReshapeSchema.optional(),
  is_shape_tensor: z.boolean().optional(),
  allow_ragged_batch: z.boolean().optional(),
  optional: z.boolean().optional(),
  is_non_linear_format_io: z.boolean().optional(),
});
export type ModelInput = z.infer<typeof ModelInputSchema>;

export const ModelOutputSchema = z.looseObject({
  name: z.string().optional(),
  data_type: DataTypeSchema.optional(),
  dims: dims.optional(),
  reshape: ModelTensorReshapeSchema.optional(),
  label_filename: z.string().optional(),
  is_shape_tensor: z.boolean().optional(),
  is_non_linear_format_io: z.boolean().optional(),
});
export type ModelOutput = z.infer<typeof ModelOutputSchema>;

export const BatchInputSchema = z.looseObject({
  kind: z.enum(ENUMS['BatchInput.Kind']).optional(),
  target_name: z.array(z.string()).optional(),
  data_type: DataTypeSchema.optional(),
  source_input: z.array(z.string()).optional(),
});
export const BatchOutputSchema = z.looseObject({
  target_name: z.array(z.string()).optional(),
  kind: z.enum(ENUMS['BatchOutput.Kind']).optional(),
  source_input: z.array(z.string()).optional(),
});

export const ModelInstanceGroupSchema = z.looseObject({
  name: z.string().optional(),
  kind: z.enum(ENUMS['ModelInstanceGroup.Kind']).optional(),
  count: int.optional(),
  gpus: z.array(int).optional(),
  profile: z.array(z.string()).optional(),
  passive: z.boolean().optional(),
  host_policy: z.string().optional(),
});
export type ModelInstanceGroup = z.infer<typeof ModelInstanceGroupSchema>;

export const ModelQueuePolicySchema = z.looseObject({
  timeout_action: z.enum(ENUMS['ModelQueuePolicy.TimeoutAction']).optional(),
  default_timeout_microseconds: int.optional(),
  allow_timeout_override: z.boolean().optional(),
  max_queue_size: int.optional(),
});

export const ModelDynamicBatchingSchema = z.looseObject({
  preferred_batch_size: z.array(int).optional(),
  max_queue_delay_microseconds: int.optional(),
  preserve_ordering: z.boolean().optional(),
  priority_levels: int.optional(),
  default_priority_level: int.optional(),
  default_queue_policy: ModelQueuePolicySchema.optional(),
  /** Keys are priority levels (uint64), kept as decimal strings. */
  priority_queue_policy: z.record(z.string(), ModelQueuePolicySchema).optional(),
});
export type ModelDynamicBatching = z.infer<typeof ModelDynamicBatchingSchema>;

export const SequenceControlSchema = z.looseObject({
  kind: z.enum(ENUMS['ModelSequenceBatching.Control.Kind']).optional(),
  int32_false_true: z.array(int).optional(),
  fp32_false_true: z.array(z.number()).optional(),
  bool_false_true: z.array(z.boolean()).optional(),
  data_type: DataTypeSchema.optional(),
});

export const ModelSequenceBatchingSchema = z.looseObject({
  max_sequence_idle_microseconds: int.optional(),
  control_input: z
    .array(z.looseObject({ name: z.string().optional(), control: z.array(SequenceControlSchema).optional() }))
    .optional(),
  direct: z
    .looseObject({ max_queue_delay_microseconds: int.optional(), minimum_slot_utilization: z.number().optional() })
    .optional(),
  oldest: z
    .looseObject({
      max_candidate_sequences: int.optional(),
      preferred_batch_size: z.array(int).optional(),
      max_queue_delay_microseconds: int.optional(),
      preserve_ordering: z.boolean().optional(),
    })
    .optional(),
});
export type ModelSequenceBatching = z.infer<typeof ModelSequenceBatchingSchema>;

export const EnsembleStepSchema = z.looseObject({
  model_name: z.string().optional(),
  /** -1 (or absent) = the latest version. */
  model_version: int.optional(),
  /** composing model's input tensor → ensemble tensor */
  input_map: z.record(z.string(), z.string()).optional(),
  /** composing model's output tensor → ensemble tensor */
  output_map: z.record(z.string(), z.string()).optional(),
});
export type EnsembleStep = z.infer<typeof EnsembleStepSchema>;

export const ModelEnsemblingSchema = z.looseObject({ step: z.array(EnsembleStepSchema).optional() });

const AcceleratorSchema = z.looseObject({
  name: z.string().optional(),
  /** map<string, string>: `parameters { key: "precision_mode" value: "FP16" }` */
  parameters: z.record(z.string(), z.string()).optional(),
});

export const ModelOptimizationPolicySchema = z.looseObject({
  graph: z.looseObject({ level: int.optional() }).optional(),
  priority: z.enum(ENUMS['ModelOptimizationPolicy.ModelPriority']).optional(),
  cuda: z
    .looseObject({
      graphs: z.boolean().optional(),
      busy_wait_events: z.boolean().optional(),
      output_copy_stream: z.boolean().optional(),
    })
    .optional(),
  execution_accelerators: z
    .looseObject({
      gpu_execution_accelerator: z.array(AcceleratorSchema).optional(),
      cpu_execution_accelerator: z.array(AcceleratorSchema).optional(),
    })
    .optional(),
  input_pinned_memory: z.looseObject({ enable: z.boolean().optional() }).optional(),
  output_pinned_memory: z.looseObject({ enable: z.boolean().optional() }).optional(),
});

export const ModelWarmupSchema = z.looseObject({
  name: z.string().optional(),
  batch_size: int.optional(),
  inputs: z
    .record(
      z.string(),
      z.looseObject({
        data_type: DataTypeSchema.optional(),
        dims: dims.optional(),
        zero_data: z.boolean().optional(),
        random_data: z.boolean().optional(),
        input_data_file: z.string().optional(),
      }),
    )
    .optional(),
  count: int.optional(),
});

export const ModelVersionPolicySchema = z.looseObject({
  latest: z.looseObject({ num_versions: int.optional() }).optional(),
  all: z.looseObject({}).optional(),
  specific: z.looseObject({ versions: z.array(int).optional() }).optional(),
});
export type ModelVersionPolicy = z.infer<typeof ModelVersionPolicySchema>;

export const ModelConfigSchema = z.looseObject({
  name: z.string().optional(),
  platform: z.string().optional(),
  backend: z.string().optional(),
  version_policy: ModelVersionPolicySchema.optional(),
  max_batch_size: int.optional(),
  input: z.array(ModelInputSchema).optional(),
  output: z.array(ModelOutputSchema).optional(),
  batch_input: z.array(BatchInputSchema).optional(),
  batch_output: z.array(BatchOutputSchema).optional(),
  optimization: ModelOptimizationPolicySchema.optional(),
  dynamic_batching: ModelDynamicBatchingSchema.optional(),
  sequence_batching: ModelSequenceBatchingSchema.optional(),
  ensemble_scheduling: ModelEnsemblingSchema.optional(),
  instance_group: z.array(ModelInstanceGroupSchema).optional(),
  default_model_filename: z.string().optional(),
  cc_model_filenames: z.record(z.string(), z.string()).optional(),
  /** map<string, ModelParameter>: `parameters { key: "k" value: { string_value: "v" } }` */
  parameters: z.record(z.string(), z.looseObject({ string_value: z.string().optional() })).optional(),
  model_warmup: z.array(ModelWarmupSchema).optional(),
  model_transaction_policy: z.looseObject({ decoupled: z.boolean().optional() }).optional(),
  response_cache: z.looseObject({ enable: z.boolean().optional() }).optional(),
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;
