// Triton's config.pbtxt both ways, its validation rules and model repositories. This index is the
// package's whole public surface.
export { parseModelConfig, writeModelConfig } from './config-text.js';
export type { ReadModelConfig } from './config-text.js';
export {
  BatchInputSchema,
  BatchOutputSchema,
  DataTypeSchema,
  EnsembleStepSchema,
  ModelConfigSchema,
  ModelDynamicBatchingSchema,
  ModelEnsemblingSchema,
  ModelInputSchema,
  ModelInstanceGroupSchema,
  ModelOptimizationPolicySchema,
  ModelOutputSchema,
  ModelQueuePolicySchema,
  ModelSequenceBatchingSchema,
  ModelTensorReshapeSchema,
  ModelVersionPolicySchema,
  ModelWarmupSchema,
  SequenceControlSchema,
} from './model-config.js';
export type {
  DataType,
  EnsembleStep,
  ModelConfig,
  ModelDynamicBatching,
  ModelInput,
  ModelInstanceGroup,
  ModelOutput,
  ModelSequenceBatching,
  ModelVersionPolicy,
} from './model-config.js';
export { ENUMS, enumValues, MESSAGE_DESCRIPTORS, messageDescriptor } from './proto-schema.js';
export type { FieldDescriptor, FieldType, MessageDescriptor, ScalarType } from './proto-schema.js';
export { readModelRepository, versionOfFolderName } from './repository.js';
export type { ModelRepository, RepositoryModel, RepositoryModelVersion } from './repository.js';
export { parseTextFormat } from './text-format/parser.js';
export type { ParsedText, ProtoMessage } from './text-format/parser.js';
export { SourceMap } from './text-format/source-map.js';
export type { LocatedPath, TextPosition } from './text-format/source-map.js';
export { TextFormatError } from './text-format/tokenizer.js';
export { quoteString, writeTextFormat } from './text-format/writer.js';
export { ensembleModelProblems } from './validate/ensemble-models.js';
export type { InstanceGroupOptions } from './validate/instance-group-rules.js';
export { autoCompleteBackendFields, normalizeInstanceGroups, normalizeModelConfig } from './validate/normalize.js';
export type { NormalizeOptions } from './validate/normalize.js';
export { BACKEND, DEFAULT_MODEL_FILENAME, PLATFORM } from './validate/problem.js';
export type { ConfigProblem } from './validate/problem.js';
export { modelNameProblem, toDiagnostic, validateModelConfig } from './validate/validate-config.js';
export type { ConfigValidation, ValidateConfigOptions } from './validate/validate-config.js';
export { validateModelRepository, versionsToLoad } from './validate/validate-repository.js';
export type { RepositoryValidation } from './validate/validate-repository.js';
export { TritonConfigCode } from './codes.js';
