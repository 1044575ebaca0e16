// config.pbtxt text ⇄ typed ModelConfig. Reading is two phases: the text-format reader (syntax and
// model_config.proto, located errors) and the zod schema (types for code that builds configs).
import { type ModelConfig, ModelConfigSchema } from './model-config.js';
import { parseTextFormat, type ProtoMessage } from './text-format/parser.js';
import type { SourceMap } from './text-format/source-map.js';
import { writeTextFormat } from './text-format/writer.js';

export interface ReadModelConfig {
  config: ModelConfig;
  /** Line and column of every field, element and map entry of the text. */
  locations: SourceMap;
}

/**
 * Reads config.pbtxt text. Throws a `TextFormatError` (code `E_PBTXT_SYNTAX`, `loc` file:line:col)
 * with protobuf's wording for malformed text or a field model_config.proto does not have.
 */
export function parseModelConfig(text: string, file = 'config.pbtxt'): ReadModelConfig {
  const { value, locations } = parseTextFormat(text, file, 'ModelConfig');
  // The reader already enforces model_config.proto's types (ints, enum names, strings, nesting), which
  // ModelConfigSchema mirrors, so its value is a ModelConfig without a second pass (a test checks the
  // schema accepts every real config unchanged); reading a large repository stays fast.
  return { config: value as ModelConfig, locations };
}

/**
 * Writes a ModelConfig as canonical config.pbtxt text. Throws (code `E_PBTXT_UNKNOWN_FIELD`) for a
 * field model_config.proto does not have, with protobuf's wording, so nothing Triton would refuse
 * is ever written.
 */
export function writeModelConfig(config: ModelConfig): string {
  return writeTextFormat(ModelConfigSchema.parse(config) as ProtoMessage, 'ModelConfig');
}
