import { defineStage } from '@pipeline/sdk';
import { inspectParams, inspectInputs, inspectOutputs } from './ports.js';

/** Inspects an ONNX model: facts for later stages, a TensorRT-compatibility lint, and a model card. */
export const inspectStage = defineStage({
  name: 'inspect',
  // 2: parameters count Constant-node payloads (value_float(s)/value_int(s) too), not other ops' tensor attributes.
  // 3: suggested profiles come from the model where it can tell, and label each dim's source.
  version: 3,
  description: 'Reads an ONNX model: IO, op histogram, parameters, a TensorRT-compatibility lint and MODEL_CARD.md.',
  inputs: inspectInputs,
  params: inspectParams,
  outputs: inspectOutputs,
  async run(ctx) {
    // The run and the libraries it needs (the ONNX reader, the lint) load when the stage runs, never when a file is checked.
    const { runInspect } = await import('./run.js');
    return runInspect(ctx);
  },
});
