import { ModelLoadError } from './complete-config.js';
import { configFileReader } from './repository.js';

/**
 * config.pbtxt is read by @pipeline/triton's text-format reader; until that reader is merged here, a folder
 * with a config.pbtxt is reported as not loadable, and folders without one are auto-completed.
 */
export const defaultConfigReader = configFileReader((_text, file) => {
  throw new ModelLoadError(`${file}: reading config.pbtxt needs @pipeline/triton's reader, which this build lacks`);
});
