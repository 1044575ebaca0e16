import { resolve } from 'node:path';
import { dtypeFromOnnx } from '@pipeline/tensor';
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
import { decodeUtf8, entriesToRecord, has, list, type Msg, str, toBigInt, toNumber, typedFieldFor } from './values.js';

/**
 * raw_data left in the model file: the reader puts this in place of the bytes when weights are not
 * loaded, and the object model turns it into a `lazy` tensor.
 */
export class LazyRawData {
  constructor(
    readonly offset: number,
    readonly length: number,
  ) {}
}

/** How decoded messages become the object model. */
export interface FromProtoContext {
  /** The model file lazy tensors point into. */
  file: string | undefined;
  /** The folder external-data locations are relative to. */
  modelDir: string;
}

export function modelFromMessage(m: Msg, ctx: FromProtoContext): Omit<OnnxModel, 'graph'> & { graph: OnnxGraph | undefined } {
  return {
    irVersion: toNumber(m.irVersion ?? 0),
    opsetImports: list(m, 'opsetImport').map(opsetFromMessage),
    producerName: str(m, 'producerName'),
    producerVersion: str(m, 'producerVersion'),
    domain: str(m, 'domain'),
    modelVersion: toNumber(m.modelVersion ?? 0),
    docString: str(m, 'docString'),
    graph: has(m, 'graph') ? graphFromMessage(m.graph as Msg, ctx) : undefined,
    metadataProps: entriesToRecord(m, 'metadataProps'),
    functions: list(m, 'functions').map((fn) => functionFromMessage(fn, ctx)),
    trainingInfo: list<Uint8Array>(m, 'trainingInfo').map((b) => new Uint8Array(b)),
  };
}

function opsetFromMessage(m: Msg): OpsetImport {
  return { domain: str(m, 'domain'), version: toNumber(m.version ?? 0) };
}

export function graphFromMessage(m: Msg, ctx: FromProtoContext): OnnxGraph {
  return {
    name: str(m, 'name'),
    docString: str(m, 'docString'),
    nodes: list(m, 'node').map((n) => nodeFromMessage(n, ctx)),
    initializers: list(m, 'initializer').map((t) => tensorProtoFromMessage(t, ctx)),
    sparseInitializers: list(m, 'sparseInitializer').map((s) => sparseFromMessage(s, ctx)),
    inputs: list(m, 'input').map(valueInfoFromMessage),
    outputs: list(m, 'output').map(valueInfoFromMessage),
    valueInfo: list(m, 'valueInfo').map(valueInfoFromMessage),
    quantizationAnnotation: list(m, 'quantizationAnnotation').map((a) => ({
      tensorName: str(a, 'tensorName'),
      quantParameterTensorNames: entriesToRecord(a, 'quantParameterTensorNames'),
    })),
    metadataProps: entriesToRecord(m, 'metadataProps'),
  };
}

export function nodeFromMessage(m: Msg, ctx: FromProtoContext): OnnxNode {
  return {
    name: str(m, 'name'),
    opType: str(m, 'opType'),
    domain: str(m, 'domain'),
    overload: str(m, 'overload'),
    inputs: list<string>(m, 'input').slice(),
    outputs: list<string>(m, 'output').slice(),
    attributes: list(m, 'attribute').map((a) => attributeFromMessage(a, ctx)),
    docString: str(m, 'docString'),
    metadataProps: entriesToRecord(m, 'metadataProps'),
  };
}

function functionFromMessage(m: Msg, ctx: FromProtoContext): OnnxFunction {
  return {
    name: str(m, 'name'),
    domain: str(m, 'domain'),
    overload: str(m, 'overload'),
    inputs: list<string>(m, 'input').slice(),
    outputs: list<string>(m, 'output').slice(),
    attributes: list<string>(m, 'attribute').slice(),
    attributeProtos: list(m, 'attributeProto').map((a) => attributeFromMessage(a, ctx)),
    nodes: list(m, 'node').map((n) => nodeFromMessage(n, ctx)),
    docString: str(m, 'docString'),
    opsetImports: list(m, 'opsetImport').map(opsetFromMessage),
    valueInfo: list(m, 'valueInfo').map(valueInfoFromMessage),
    metadataProps: entriesToRecord(m, 'metadataProps'),
  };
}

export function valueInfoFromMessage(m: Msg): OnnxValueInfo {
  return { name: str(m, 'name'), type: has(m, 'type') ? typeFromMessage(m.type as Msg) : { kind: 'unknown' }, docString: str(m, 'docString') };
}

export function typeFromMessage(m: Msg): OnnxType {
  if (has(m, 'tensorType') || has(m, 'sparseTensorType')) {
    const kind = has(m, 'tensorType') ? 'tensor' : 'sparse_tensor';
    const t = m[kind === 'tensor' ? 'tensorType' : 'sparseTensorType'] as Msg;
    const elemType = (t.elemType as number | undefined) ?? 0;
    const shape = has(t, 'shape') ? list(t.shape as Msg, 'dim').map(dimFromMessage) : undefined;
    return { kind, elemType, dtype: dtypeFromOnnx(elemType), shape };
  }
  if (has(m, 'sequenceType')) return { kind: 'sequence', elem: has(m.sequenceType as Msg, 'elemType') ? typeFromMessage((m.sequenceType as Msg).elemType as Msg) : undefined };
  if (has(m, 'optionalType')) return { kind: 'optional', elem: has(m.optionalType as Msg, 'elemType') ? typeFromMessage((m.optionalType as Msg).elemType as Msg) : undefined };
  if (has(m, 'mapType')) {
    const map = m.mapType as Msg;
    return { kind: 'map', keyType: (map.keyType as number | undefined) ?? 0, value: has(map, 'valueType') ? typeFromMessage(map.valueType as Msg) : undefined };
  }
  return { kind: 'unknown' };
}

function dimFromMessage(m: Msg): Dim {
  if (has(m, 'dimValue')) return toNumber(m.dimValue);
  if (has(m, 'dimParam')) return str(m, 'dimParam');
  return null;
}

export function tensorProtoFromMessage(m: Msg, ctx: FromProtoContext): OnnxTensorProto {
  const dataType = (m.dataType as number | undefined) ?? 0;
  return {
    name: str(m, 'name'),
    dataType,
    dtype: dtypeFromOnnx(dataType),
    dims: list(m, 'dims').map(toNumber),
    docString: str(m, 'docString'),
    data: tensorDataFromMessage(m, dataType, ctx),
  };
}

function tensorDataFromMessage(m: Msg, dataType: number, ctx: FromProtoContext): TensorData {
  if (m.dataLocation === 1) {
    const ext = entriesToRecord(m, 'externalData');
    const path = ext.location ?? '';
    return {
      location: 'external',
      path,
      file: resolve(ctx.modelDir, path),
      offset: ext.offset === undefined ? 0 : Number(ext.offset),
      length: ext.length === undefined ? undefined : Number(ext.length),
      checksum: ext.checksum,
    };
  }
  if (has(m, 'rawData')) {
    const raw = m.rawData;
    if (raw instanceof LazyRawData && ctx.file !== undefined) return { location: 'lazy', file: ctx.file, offset: raw.offset, length: raw.length };
    return { location: 'raw', bytes: raw as Uint8Array };
  }
  const field = typedFieldFor(dataType);
  const values = list<unknown>(m, field);
  if (field === 'int64Data' || field === 'uint64Data') return { location: 'fields', values: values.map(toBigInt) };
  if (field === 'stringData') return { location: 'fields', values: (values as Uint8Array[]).map((b) => new Uint8Array(b)) };
  return { location: 'fields', values: (values as number[]).slice() };
}

function sparseFromMessage(m: Msg, ctx: FromProtoContext): OnnxSparseTensor {
  return {
    values: tensorProtoFromMessage((m.values as Msg | undefined) ?? {}, ctx),
    indices: tensorProtoFromMessage((m.indices as Msg | undefined) ?? {}, ctx),
    dims: list(m, 'dims').map(toNumber),
  };
}

const ATTRIBUTE_TYPES = ['undefined', 'float', 'int', 'string', 'tensor', 'graph', 'floats', 'ints', 'strings', 'tensors', 'graphs', 'sparse_tensor', 'sparse_tensors', 'type_proto', 'type_protos'] as const;

export function attributeFromMessage(m: Msg, ctx: FromProtoContext): OnnxAttribute {
  const base = { name: str(m, 'name'), docString: str(m, 'docString'), refAttrName: str(m, 'refAttrName') };
  const type = ATTRIBUTE_TYPES[(m.type as number | undefined) ?? 0] ?? 'undefined';
  switch (type) {
    case 'float':
      return { ...base, type, value: (m.f as number | undefined) ?? 0 };
    case 'int':
      return { ...base, type, value: toBigInt(m.i ?? 0) };
    case 'string':
      return { ...base, type, value: decodeUtf8((m.s as Uint8Array | undefined) ?? new Uint8Array()) };
    case 'tensor':
      return { ...base, type, value: tensorProtoFromMessage((m.t as Msg | undefined) ?? {}, ctx) };
    case 'graph':
      return { ...base, type, value: graphFromMessage((m.g as Msg | undefined) ?? {}, ctx) };
    case 'sparse_tensor':
      return { ...base, type, value: sparseFromMessage((m.sparseTensor as Msg | undefined) ?? {}, ctx) };
    case 'type_proto':
      return { ...base, type, value: typeFromMessage((m.tp as Msg | undefined) ?? {}) };
    case 'floats':
      return { ...base, type, value: list<number>(m, 'floats').slice() };
    case 'ints':
      return { ...base, type, value: list(m, 'ints').map(toBigInt) };
    case 'strings':
      return { ...base, type, value: list<Uint8Array>(m, 'strings').map(decodeUtf8) };
    case 'tensors':
      return { ...base, type, value: list(m, 'tensors').map((t) => tensorProtoFromMessage(t, ctx)) };
    case 'graphs':
      return { ...base, type, value: list(m, 'graphs').map((g) => graphFromMessage(g, ctx)) };
    case 'sparse_tensors':
      return { ...base, type, value: list(m, 'sparseTensors').map((s) => sparseFromMessage(s, ctx)) };
    case 'type_protos':
      return { ...base, type, value: list(m, 'typeProtos').map(typeFromMessage) };
    default:
      return { ...base, type: 'undefined', value: undefined };
  }
}
