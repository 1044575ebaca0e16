import { batchDimVerdict, domainsUsed, externalDataFiles, modelIO, normalizeDomain, type OnnxModel } from '@pipeline/onnx';
import type { OnnxModelMeta } from './onnx-model-schema.js';

// Apart from onnx-model.ts (and exported as `@pipeline/kinds/onnx-model-meta`, not from the index) so
// that importing the kinds does not import the ONNX library: only a stage that writes or reads a model does.

/** The facts of a parsed model, as `onnx-model` metadata. */
export function onnxModelMeta(model: OnnxModel, fileSize: number): OnnxModelMeta {
  const io = modelIO(model);
  return {
    irVersion: model.irVersion,
    producer: { name: model.producerName, version: model.producerVersion },
    opsets: Object.fromEntries(model.opsetImports.map((o) => [normalizeDomain(o.domain), o.version])),
    inputs: io.inputs,
    outputs: io.outputs,
    domains: domainsUsed(model),
    externalData: externalDataFiles(model),
    batchDim: batchDimVerdict(io),
    fileSize,
  };
}
