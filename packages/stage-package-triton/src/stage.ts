import { defineStage } from '@pipeline/sdk';
import { packageTritonParams, packageTritonInputs, packageTritonOutputs } from './ports.js';

/** Packages an ONNX model or a TensorRT engine (optionally between pre- and postprocessing models) as a Triton model repository. */
export const packageTritonStage = defineStage({
  name: 'package/triton',
  version: 1,
  description: 'A Triton model repository from an ONNX model or a TensorRT engine (config from its metadata, README, manifest, optional ensemble), checked with Triton’s rules.',
  inputs: packageTritonInputs,
  params: packageTritonParams,
  outputs: packageTritonOutputs,
  async run(ctx) {
    // The run and the libraries it needs (Triton's rules, the config writer) load when the stage runs, never when a file is checked.
    const { runPackageTriton } = await import('./run.js');
    return runPackageTriton(ctx);
  },
});
