import type {
  Dim,
  OnnxAttribute,
  OnnxFunction,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxSparseTensor,
  OnnxTensorProto,
  OnnxType,
  OnnxValueInfo,
  OpsetImport,
  TensorData,
} from '../model.js';
import { encodeUtf8, int64, type Msg, recordToEntries, typedFieldFor } from './values.js';

/** Reads the bytes of a `lazy` tensor from its model file (the writer needs them; nothing else does). */
export type LazyBytesReader = (file: string, offset: number, length: number) => Uint8Array;

/**
 * How tensor data is encoded: `readLazy` fetches bytes left in a file; `dataOf`, when given, says where a
 * tensor's data goes instead of where it is now (the writer moves weights to an external-data file, or
 * inlines a side file's bytes, without copying the model).
 */
export interface EncodeIo {
  readLazy: LazyBytesReader;
  dataOf?: (t: OnnxTensorProto) => TensorData;
}

/**
 * Turns the object model back into plain objects protobufjs encodes. Fields that were absent stay
 * absent where presence matters (a shape vs an unknown rank, a dim_value vs a dim_param).
 */
export function modelToMessage(model: OnnxModel, io: EncodeIo): Msg {
  const m: Msg = {
    irVersion: int64(model.irVersion),
    opsetImport: model.opsetImports.map(opsetToMessage),
    graph: graphToMessage(model.graph, io),
  };
  if (model.producerName) m.producerName = model.producerName;
  if (model.producerVersion) m.producerVersion = model.producerVersion;
  if (model.domain) m.domain = model.domain;
  if (model.modelVersion) m.modelVersion = int64(model.modelVersion);
  if (model.docString) m.docString = model.docString;
  m.metadataProps = recordToEntries(model.metadataProps);
  m.trainingInfo = model.trainingInfo;
  m.functions = model.functions.map((fn) => functionToMessage(fn, io));
  return m;
}

function opsetToMessage(o: OpsetImport): Msg {
  return { domain: o.domain, version: int64(o.version) };
}

export function graphToMessage(g: OnnxGraph, io: EncodeIo): Msg {
  return {
    node: g.nodes.map((n) => nodeToMessage(n, io)),
    name: g.name,
    initializer: g.initializers.map((t) => tensorProtoToMessage(t, io)),
    sparseInitializer: g.sparseInitializers.map((s) => sparseToMessage(s, io)),
    ...(g.docString ? { docString: g.docString } : {}),
    input: g.inputs.map(valueInfoToMessage),
    output: g.outputs.map(valueInfoToMessage),
    valueInfo: g.valueInfo.map(valueInfoToMessage),
    quantizationAnnotation: g.quantizationAnnotation.map((a) => ({
      tensorName: a.tensorName,
      quantParameterTensorNames: recordToEntries(a.quantParameterTensorNames),
    })),
    metadataProps: recordToEntries(g.metadataProps),
  };
}

function nodeToMessage(n: OnnxNode, io: EncodeIo): Msg {
  const m: Msg = { input: n.inputs, output: n.outputs, opType: n.opType, attribute: n.attributes.map((a) => attributeToMessage(a, io)) };
  if (n.name) m.name = n.name;
  if (n.domain) m.domain = n.domain;
  if (n.overload) m.overload = n.overload;
  if (n.docString) m.docString = n.docString;
  m.metadataProps = recordToEntries(n.metadataProps);
  return m;
}

function functionToMessage(fn: OnnxFunction, io: EncodeIo): Msg {
  return {
    name: fn.name,
    domain: fn.domain,
    ...(fn.overload ? { overload: fn.overload } : {}),
    input: fn.inputs,
    output: fn.outputs,
    attribute: fn.attributes,
    attributeProto: fn.attributeProtos.map((a) => attributeToMessage(a, io)),
    node: fn.nodes.map((n) => nodeToMessage(n, io)),
    ...(fn.docString ? { docString: fn.docString } : {}),
    opsetImport: fn.opsetImports.map(opsetToMessage),
    valueInfo: fn.valueInfo.map(valueInfoToMessage),
    metadataProps: recordToEntries(fn.metadataProps),
  };
}

function valueInfoToMessage(v: OnnxValueInfo): Msg {
  const m: Msg = { name: v.name };
  if (v.type.kind !== 'unknown') m.type = typeToMessage(v.type);
  if (v.docString) m.docString = v.docString;
  return m;
}

export function typeToMessage(t: OnnxType): Msg {
  switch (t.kind) {
    case 'tensor':
    case 'sparse_tensor': {
      const tensor: Msg = { elemType: t.elemType };
      if (t.shape) tensor.shape = { dim: t.shape.map(dimToMessage) };
      return t.kind === 'tensor' ? { tensorType: tensor } : { sparseTensorType: tensor };
    }
    case 'sequence':
      return { sequenceType: t.elem ? { elemType: typeToMessage(t.elem) } : {} };
    case 'optional':
      return { optionalType: t.elem ? { elemType: typeToMessage(t.elem) } : {} };
    case 'map':
      return { mapType: { keyType: t.keyType, ...(t.value ? { valueType: typeToMessage(t.value) } : {}) } };
    default:
      return {};
  }
}

function dimToMessage(d: Dim): Msg {
  if (typeof d === 'number') return { dimValue: int64(d) };
  if (typeof d === 'string') return { dimParam: d };
  return {};
}

export function tensorProtoToMessage(t: OnnxTensorProto, io: EncodeIo): Msg {
  const m: Msg = { dims: t.dims.map(int64), dataType: t.dataType };
  if (t.name) m.name = t.name;
  if (t.docString) m.docString = t.docString;
  const data = io.dataOf?.(t) ?? t.data;
  switch (data.location) {
    case 'raw':
      m.rawData = data.bytes;
      break;
    case 'lazy':
      m.rawData = io.readLazy(data.file, data.offset, data.length);
      break;
    case 'external': {
      const ext: Record<string, string> = { location: data.path };
      if (data.offset) ext.offset = String(data.offset);
      if (data.length !== undefined) ext.length = String(data.length);
      if (data.checksum !== undefined) ext.checksum = data.checksum;
      m.externalData = recordToEntries(ext);
      m.dataLocation = 1;
      break;
    }
    case 'fields': {
      const field = typedFieldFor(t.dataType);
      m[field] = field === 'int64Data' || field === 'uint64Data' ? (data.values as bigint[]).map(int64) : data.values;
      break;
    }
  }
  return m;
}

function sparseToMessage(s: OnnxSparseTensor, io: EncodeIo): Msg {
  return { values: tensorProtoToMessage(s.values, io), indices: tensorProtoToMessage(s.indices, io), dims: s.dims.map(int64) };
}

const ATTRIBUTE_TYPE_CODES: Record<OnnxAttribute['type'], number> = {
  undefined: 0, float: 1, int: 2, string: 3, tensor: 4, graph: 5, floats: 6, ints: 7, strings: 8,
  tensors: 9, graphs: 10, sparse_tensor: 11, sparse_tensors: 12, type_proto: 13, type_protos: 14,
};

function attributeToMessage(a: OnnxAttribute, io: EncodeIo): Msg {
  const m: Msg = { name: a.name, type: ATTRIBUTE_TYPE_CODES[a.type] };
  if (a.docString) m.docString = a.docString;
  if (a.refAttrName) m.refAttrName = a.refAttrName;
  // A function attribute that refers to its caller's carries no value of its own.
  if (a.refAttrName) return m;
  switch (a.type) {
    case 'float': m.f = a.value; break;
    case 'int': m.i = int64(a.value); break;
    case 'string': m.s = encodeUtf8(a.value); break;
    case 'tensor': m.t = tensorProtoToMessage(a.value, io); break;
    case 'graph': m.g = graphToMessage(a.value, io); break;
    case 'sparse_tensor': m.sparseTensor = sparseToMessage(a.value, io); break;
    case 'type_proto': m.tp = typeToMessage(a.value); break;
    case 'floats': m.floats = a.value; break;
    case 'ints': m.ints = a.value.map(int64); break;
    case 'strings': m.strings = a.value.map(encodeUtf8); break;
    case 'tensors': m.tensors = a.value.map((t) => tensorProtoToMessage(t, io)); break;
    case 'graphs': m.graphs = a.value.map((g) => graphToMessage(g, io)); break;
    case 'sparse_tensors': m.sparseTensors = a.value.map((s) => sparseToMessage(s, io)); break;
    case 'type_protos': m.typeProtos = a.value.map(typeToMessage); break;
    case 'undefined': break;
  }
  return m;
}
