import { defineStage } from '@pipeline/sdk';
import { convertTensorrtParamsSchema } from './params.js';
import { convertTensorrtInputs, convertTensorrtOutputs } from './ports.js';

/**
 * `convert/tensorrt`: ONNX → TensorRT engine by driving trtexec. The trtexec is found (local or in an
 * NGC container), its version read from its own `--help`, the options turned into argv that only uses
 * flags that version lists, the build log streamed through the log parser (its phases drive progress),
 * and the plan checked against the version that built it before it is placed in the outputs.
 */
export const convertTensorrtStage = defineStage({
  name: 'convert/tensorrt',
  version: 1,
  description: 'Builds a TensorRT engine from an ONNX model with trtexec (local or NGC container), gated by the detected TensorRT version.',
  inputs: convertTensorrtInputs,
  params: convertTensorrtParamsSchema,
  outputs: convertTensorrtOutputs,
  resources: { gpu: 1, exclusive: true },
  tools: ['trtexec', 'gpu'],
  // The trtexec driver loads only when the probe runs (a run, `explain`, `doctor`), not when a file is checked.
  probe: async (env) => (await import('./probe.js')).probeTrtexec(env),
  async run(ctx) {
    // The run and the libraries it needs load when the stage runs, never when a file is checked.
    const { runConvertTensorrt } = await import('./run.js');
    return runConvertTensorrt(ctx);
  },
});
