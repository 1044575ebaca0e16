import { definePlugin } from '@pipeline/sdk';
import { convertOnnxRuntimeStage } from './stage.js';

/**
 * The plugin the CLI registers: the `convert/onnxruntime` stage. Also
 * `@pipeline/stage-convert-onnxruntime/plugin`, which imports the stage's definition only (ports,
 * params, probe), not the ONNX library or ONNX Runtime its run needs.
 */
export const plugin = definePlugin({ name: '@pipeline/stage-convert-onnxruntime', stages: [convertOnnxRuntimeStage] });
