import { DTYPES, type DType } from '@pipeline/tensor';
import type { Dim, OnnxAttribute, OnnxGraph, OnnxModel, OnnxNode, OnnxValueInfo, OpsetImport } from './model.js';

/** A graph with every list empty; spread your parts over it. */
export function createGraph(parts: Partial<OnnxGraph> = {}): OnnxGraph {
  return {
    name: 'graph',
    docString: '',
    nodes: [],
    initializers: [],
    sparseInitializers: [],
    inputs: [],
    outputs: [],
    valueInfo: [],
    quantizationAnnotation: [],
    metadataProps: {},
    ...parts,
  };
}

/** A model around `graph`: IR 8 and ONNX opset 17 unless given (what ONNX Runtime 1.x and TensorRT 8.6+ all read). */
export function createModel(graph: OnnxGraph, parts: Partial<Omit<OnnxModel, 'graph'>> = {}): OnnxModel {
  const opsetImports: OpsetImport[] = parts.opsetImports ?? [{ domain: '', version: 17 }];
  return {
    irVersion: 8,
    producerName: '@pipeline/onnx',
    producerVersion: '0.1.0',
    domain: '',
    modelVersion: 0,
    docString: '',
    metadataProps: {},
    functions: [],
    trainingInfo: [],
    ...parts,
    opsetImports,
    graph,
  };
}

/** A node; attribute objects are built with `attribute`. */
export function createNode(opType: string, inputs: string[], outputs: string[], parts: Partial<OnnxNode> = {}): OnnxNode {
  return { name: outputs[0] ?? opType, opType, domain: '', overload: '', inputs, outputs, attributes: [], docString: '', metadataProps: {}, ...parts };
}

/** A tensor graph input/output: `tensorValueInfo('x', 'float32', ['batch', 3, 224, 224])`; `undefined` shape = unknown rank. */
export function tensorValueInfo(name: string, dtype: DType, shape: Dim[] | undefined): OnnxValueInfo {
  return { name, type: { kind: 'tensor', elemType: DTYPES[dtype].onnx, dtype, shape }, docString: '' };
}

/** An attribute of any type: `attribute('axis', 'int', 1n)`. */
export function attribute<T extends OnnxAttribute['type']>(name: string, type: T, value: Extract<OnnxAttribute, { type: T }>['value']): OnnxAttribute {
  return { name, type, value, docString: '', refAttrName: '' } as OnnxAttribute;
}
