import { createRequire } from 'node:module';
import type protobufType from 'protobufjs';
import { descriptor } from './descriptor.js';

type Protobuf = typeof protobufType;

/** The protobufjs types of the ONNX messages this library encodes (and decodes lone TensorProtos with). */
export interface ProtoTypes {
  ModelProto: protobufType.Type;
  GraphProto: protobufType.Type;
  NodeProto: protobufType.Type;
  TensorProto: protobufType.Type;
  FunctionProto: protobufType.Type;
}

let types: ProtoTypes | undefined;

/**
 * The protobufjs types, built on first use. Why lazily, and from protobufjs's reflection-only `light`
 * build: reading a model goes through the wire reader and needs none of this, and importing protobufjs
 * and building its types cost ~200 ms of a CLI start (`pipeline check`, `inspect`); only writing a model
 * or a tensor pays it.
 */
export function protoTypes(): ProtoTypes {
  if (types) return types;
  const protobuf = createRequire(import.meta.url)('protobufjs/light') as Protobuf;
  const root = protobuf.Root.fromJSON(descriptor);
  root.resolveAll();
  types = {
    ModelProto: root.lookupType('onnx.ModelProto'),
    GraphProto: root.lookupType('onnx.GraphProto'),
    NodeProto: root.lookupType('onnx.NodeProto'),
    TensorProto: root.lookupType('onnx.TensorProto'),
    FunctionProto: root.lookupType('onnx.FunctionProto'),
  };
  return types;
}
