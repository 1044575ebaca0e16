export type {
  Dim,
  OnnxAttribute,
  OnnxAttributeType,
  OnnxFunction,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxSparseTensor,
  OnnxTensorProto,
  OnnxType,
  OnnxValueInfo,
  OpsetImport,
  QuantizationAnnotation,
  TensorData,
} from './model.js';
export { attribute, createGraph, createModel, createNode, tensorValueInfo } from './builders.js';
export { batchDimVerdict, domainsUsed, elemTypeName, externalDataFiles, modelIO, normalizeDomain, tensorByteSize, typeName, valueSpec } from './facts.js';
export type { BatchDimVerdict, ValueSpec } from './facts.js';
export { readModel } from './read-model.js';
export type { ReadModelOptions } from './read-model.js';
export {
  decodeTensorProto,
  encodeTensorProto,
  readFileRange,
  tensorFromProto,
  tensorRawBytes,
  tensorToProto,
} from './tensor-proto.js';
export { subgraphsOf, walkGraphs, walkNodes, walkTensors } from './walk.js';
export type { NodeVisit, TensorVisit } from './walk.js';
export { encodeModel, inlineModelBytes, PROTOBUF_LIMIT_BYTES, writeModel } from './write-model.js';
export type { ExternalDataLayout, WriteModelOptions, WrittenModel } from './write-model.js';
export { OnnxCode } from './codes.js';
