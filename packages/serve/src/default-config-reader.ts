import { parseModelConfig } from '@pipeline/triton-config';
import type { PartialModelConfig } from './model-config.js';
import { configFileReader } from './repository.js';

/**
 * config.pbtxt read by @pipeline/triton-config (text format with located errors, model_config.proto's
 * fields); a folder without one is auto-completed from the model.
 */
// The schema there has checked every field's type; this server types only the subset it reads, more strictly.
export const defaultConfigReader = configFileReader((text, file) => parseModelConfig(text, file).config as unknown as PartialModelConfig);
