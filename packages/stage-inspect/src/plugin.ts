import { definePlugin } from '@pipeline/sdk';
import { inspectStage } from './stage.js';

/**
 * The `inspect` stage as a plugin the CLI loads. Also `@pipeline/stage-inspect/plugin`, which imports
 * the stage's definition only (ports, params, probe), not the ONNX reader, the lint or the model card
 * its run needs.
 */
export const plugin = definePlugin({ name: '@pipeline/stage-inspect', stages: [inspectStage] });
