/**
 * The stable codes of @pipeline/triton-config (the rules of Triton, in its wording). Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const TritonConfigCode = {
  /** config.pbtxt is not valid protobuf text format. */
  PbtxtSyntax: 'E_PBTXT_SYNTAX',
  /** A field model_config.proto does not have. */
  PbtxtUnknownField: 'E_PBTXT_UNKNOWN_FIELD',
  /** A value of the wrong type for its field (writing). */
  PbtxtValue: 'E_PBTXT_VALUE',
  /** A batch_input or batch_output Triton refuses. */
  TritonBatchIo: 'E_TRITON_BATCH_IO',
  /** A parsed config whose values do not fit the types of the model config. */
  TritonConfigType: 'E_TRITON_CONFIG_TYPE',
  /** dynamic_batching settings Triton refuses. */
  TritonDynamicBatching: 'E_TRITON_DYNAMIC_BATCHING',
  /** ensemble_scheduling Triton refuses. */
  TritonEnsemble: 'E_TRITON_ENSEMBLE',
  /** An instance_group Triton refuses. */
  TritonInstanceGroup: 'E_TRITON_INSTANCE_GROUP',
  /** An input or output Triton refuses (no name, no data_type, bad dims, reshape). */
  TritonIo: 'E_TRITON_IO',
  /** A negative max_batch_size. */
  TritonMaxBatchSize: 'E_TRITON_MAX_BATCH_SIZE',
  /** A model name that is not a single path component. */
  TritonModelName: 'E_TRITON_MODEL_NAME',
  /** A config without a name. */
  TritonName: 'E_TRITON_NAME',
  /** A config.pbtxt or version folder that cannot be read (permissions): Triton cannot load the model. */
  TritonRepositoryUnreadable: 'E_TRITON_REPOSITORY_UNREADABLE',
  /** A model folder without config.pbtxt. */
  TritonNoConfig: 'E_TRITON_NO_CONFIG',
  /** No version folder is available under the version policy. */
  TritonNoVersion: 'E_TRITON_NO_VERSION',
  /** A missing, unknown or contradictory platform or backend. */
  TritonPlatform: 'E_TRITON_PLATFORM',
  /** The response cache with a decoupled transaction policy. */
  TritonResponseCache: 'E_TRITON_RESPONSE_CACHE',
  /** sequence_batching settings Triton refuses. */
  TritonSequenceBatching: 'E_TRITON_SEQUENCE_BATCHING',
  /** An entry of a model folder that is not a version folder (ignored, as Triton does). */
  TritonVersionFolder: 'W_TRITON_VERSION_FOLDER',
} as const;

export type TritonConfigCode = (typeof TritonConfigCode)[keyof typeof TritonConfigCode];
