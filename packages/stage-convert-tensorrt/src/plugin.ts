import { definePlugin } from '@pipeline/sdk';
import { convertTensorrtStage } from './stage.js';

/**
 * The plugin the CLI registers: the `convert/tensorrt` stage. Also
 * `@pipeline/stage-convert-tensorrt/plugin`, which imports the stage's definition only (ports, params,
 * probe), not the trtexec driver, log parser or Triton guard its run needs.
 */
export const plugin = definePlugin({ name: '@pipeline/stage-convert-tensorrt', stages: [convertTensorrtStage] });
