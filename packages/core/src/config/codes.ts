/**
 * The stable list of diagnostic codes `pipeline check` reports. Tools and tests match on these;
 * never rename one, only add. `E_` codes are errors (exit 2), `W_` codes warnings.
 */
export const DiagnosticCode = {
  /** The pipeline file cannot be read (missing, a folder, no permission). */
  PipelineFile: 'E_PIPELINE_FILE',
  /** The file is not valid YAML (bad indentation, duplicate key, unclosed quote). */
  YamlSyntax: 'E_YAML_SYNTAX',
  /** The file is larger than the documented size limit (see YAML_LIMITS). */
  YamlSize: 'E_YAML_SIZE',
  /** The document nests collections deeper than the documented limit. */
  YamlDepth: 'E_YAML_DEPTH',
  /** Expanding the document's aliases passes the documented node limit (an alias bomb). */
  YamlAliasLimit: 'E_YAML_ALIAS_LIMIT',
  /** The file is not valid UTF-8; the message gives the byte offset. */
  YamlEncoding: 'E_YAML_ENCODING',
  /** A `%YAML` directive of a version this reader does not read, or an unknown directive. */
  YamlDirective: 'E_YAML_DIRECTIVE',
  /** A key the pipeline format does not know (a typo such as `uses_:` or `wiht:`). */
  SchemaUnknownKey: 'E_SCHEMA_UNKNOWN_KEY',
  /** A key the pipeline format requires is absent (`uses:` in a stage, `stages:` at the top). */
  SchemaMissingKey: 'E_SCHEMA_MISSING_KEY',
  /** A value of the wrong type (a list where a map is expected, text where a number is). */
  SchemaType: 'E_SCHEMA_TYPE',
  /** A value of the right type that is still not allowed (a bad stage id, a negative retry count). */
  SchemaInvalid: 'E_SCHEMA_INVALID',
  /** A `plugins:` entry could not be imported or does not export a plugin. */
  PluginLoad: 'E_PLUGIN_LOAD',
  /** `uses:` names a stage no installed plugin provides. */
  UnknownStage: 'E_UNKNOWN_STAGE',
  /** A `with:` key that is neither an input nor a param of the stage. */
  UnknownWithKey: 'E_UNKNOWN_WITH_KEY',
  /** A required artifact input of the stage is not given in `with:`. */
  MissingInput: 'E_MISSING_INPUT',
  /** A required param of the stage (no default) is not given in `with:`. */
  MissingParam: 'E_MISSING_PARAM',
  /** A stage param's value does not satisfy the stage's params schema. */
  ParamInvalid: 'E_PARAM_INVALID',
  /** A `${{ }}` expression does not parse. */
  ExprSyntax: 'E_EXPR_SYNTAX',
  /** An expression nests deeper than the documented limit (MAX_EXPRESSION_DEPTH). */
  ExprDepth: 'E_EXPR_DEPTH',
  /** An expression names something that does not exist: a root, a function. */
  ExprUnknownName: 'E_EXPR_UNKNOWN_NAME',
  /** An expression failed while being evaluated at plan time. */
  ExprEval: 'E_EXPR_EVAL',
  /** `${{ tools.<name> }}` names a tool no installed stage's probe declares (see `tools:` in defineStage). */
  UnknownTool: 'E_UNKNOWN_TOOL',
  /** A reference to an unknown stage, output, pipeline param, env name or matrix key. */
  UnknownReference: 'E_UNKNOWN_REFERENCE',
  /** Stages depend on each other in a circle; the message gives the path `a → b → a`. */
  Cycle: 'E_CYCLE',
  /** An artifact of one kind is wired to a port that expects another. */
  KindMismatch: 'E_KIND_MISMATCH',
  /** The artifact is a sub-kind the port explicitly refuses (e.g. an ORT-only ONNX model for TensorRT). */
  KindRefused: 'E_KIND_REFUSED',
  /** A literal path given as an input is missing, unreadable, or not of the expected kind. */
  Ingest: 'E_INGEST',
  /** An input takes an output of a stage that may be skipped by `if:`, without `??` or an `if:` of its own. */
  SkippedProducer: 'E_SKIPPED_PRODUCER',
  /** A `matrix:` is malformed (an empty list, repeated values). */
  MatrixInvalid: 'E_MATRIX_INVALID',
  /** A reference to a matrix stage from outside its matrix, where one artifact is expected. */
  MatrixAmbiguous: 'E_MATRIX_AMBIGUOUS',
  /** A same-matrix consumer has a matrix value the producer has no member for. */
  MatrixNoMember: 'E_MATRIX_NO_MEMBER',
  /** `-p key=value` names a param the pipeline does not declare. */
  PipelineParamUnknown: 'E_PIPELINE_PARAM_UNKNOWN',
  /** A pipeline param's value does not fit its declared type (or enum). */
  PipelineParamInvalid: 'E_PIPELINE_PARAM_INVALID',
  /** A pipeline param has no default and was not given with `-p`. */
  PipelineParamRequired: 'E_PIPELINE_PARAM_REQUIRED',
  /** A name under `secrets:` is not set in the environment; stages that read it will see nothing. */
  SecretUnset: 'W_SECRET_UNSET',
} as const;

export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];
