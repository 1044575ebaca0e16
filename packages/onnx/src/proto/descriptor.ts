/*
 * The ONNX protobuf messages this library reads and writes, declared from the ONNX IR specification's
 * field numbers (onnx/onnx.proto, IR version 10). Only numbers and types are facts taken from the spec;
 * names are ours. ONNX is a proto2 schema: repeated scalars are unpacked unless the spec says
 * `[packed = true]` (only TensorProto's typed data fields), so every other repeated scalar says so.
 * TrainingInfoProto is kept as opaque bytes: nothing here needs it, and bytes survive a round trip.
 *
 * Plain data in protobufjs's JSON form, importing nothing: the wire reader (wire-decode.ts) walks it to
 * read models without protobufjs, and schema.ts gives it to protobufjs for writing.
 */

export type FieldJson = { type: string; id: number; rule?: 'repeated'; options?: { packed: boolean } };
const f = (type: string, id: number): FieldJson => ({ type, id });
const many = (type: string, id: number): FieldJson => ({ type, id, rule: 'repeated', options: { packed: false } });
const packed = (type: string, id: number): FieldJson => ({ type, id, rule: 'repeated', options: { packed: true } });

const entries = 'StringStringEntryProto';

export const descriptor = {
  nested: {
    onnx: {
      nested: {
        StringStringEntryProto: { fields: { key: f('string', 1), value: f('string', 2) } },
        OperatorSetIdProto: { fields: { domain: f('string', 1), version: f('int64', 2) } },
        TensorShapeProto: {
          fields: { dim: many('Dimension', 1) },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
              fields: { dimValue: f('int64', 1), dimParam: f('string', 2), denotation: f('string', 3) },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensorType', 'sequenceType', 'mapType', 'optionalType', 'sparseTensorType'] } },
          fields: {
            tensorType: f('TensorTypeProto', 1),
            sequenceType: f('SequenceTypeProto', 4),
            mapType: f('MapTypeProto', 5),
            denotation: f('string', 6),
            sparseTensorType: f('TensorTypeProto', 8),
            optionalType: f('SequenceTypeProto', 9),
          },
        },
        // TypeProto.Tensor and TypeProto.SparseTensor share their layout: elem_type = 1, shape = 2.
        TensorTypeProto: { fields: { elemType: f('int32', 1), shape: f('TensorShapeProto', 2) } },
        // TypeProto.Sequence and TypeProto.Optional share theirs: elem_type = 1.
        SequenceTypeProto: { fields: { elemType: f('TypeProto', 1) } },
        MapTypeProto: { fields: { keyType: f('int32', 1), valueType: f('TypeProto', 2) } },
        ValueInfoProto: {
          fields: { name: f('string', 1), type: f('TypeProto', 2), docString: f('string', 3), metadataProps: many(entries, 4) },
        },
        TensorProto: {
          fields: {
            dims: many('int64', 1),
            dataType: f('int32', 2),
            segment: f('Segment', 3),
            floatData: packed('float', 4),
            int32Data: packed('int32', 5),
            stringData: many('bytes', 6),
            int64Data: packed('int64', 7),
            name: f('string', 8),
            rawData: f('bytes', 9),
            doubleData: packed('double', 10),
            uint64Data: packed('uint64', 11),
            docString: f('string', 12),
            externalData: many(entries, 13),
            dataLocation: f('int32', 14),
            metadataProps: many(entries, 16),
          },
          nested: { Segment: { fields: { begin: f('int64', 1), end: f('int64', 2) } } },
        },
        SparseTensorProto: { fields: { values: f('TensorProto', 1), indices: f('TensorProto', 2), dims: many('int64', 3) } },
        AttributeProto: {
          fields: {
            name: f('string', 1),
            f: f('float', 2),
            i: f('int64', 3),
            s: f('bytes', 4),
            t: f('TensorProto', 5),
            g: f('GraphProto', 6),
            floats: many('float', 7),
            ints: many('int64', 8),
            strings: many('bytes', 9),
            tensors: many('TensorProto', 10),
            graphs: many('GraphProto', 11),
            docString: f('string', 13),
            tp: f('TypeProto', 14),
            typeProtos: many('TypeProto', 15),
            type: f('int32', 20),
            refAttrName: f('string', 21),
            sparseTensor: f('SparseTensorProto', 22),
            sparseTensors: many('SparseTensorProto', 23),
          },
        },
        NodeProto: {
          fields: {
            input: many('string', 1),
            output: many('string', 2),
            name: f('string', 3),
            opType: f('string', 4),
            attribute: many('AttributeProto', 5),
            docString: f('string', 6),
            domain: f('string', 7),
            overload: f('string', 8),
            metadataProps: many(entries, 9),
          },
        },
        TensorAnnotation: { fields: { tensorName: f('string', 1), quantParameterTensorNames: many(entries, 2) } },
        GraphProto: {
          fields: {
            node: many('NodeProto', 1),
            name: f('string', 2),
            initializer: many('TensorProto', 5),
            docString: f('string', 10),
            input: many('ValueInfoProto', 11),
            output: many('ValueInfoProto', 12),
            valueInfo: many('ValueInfoProto', 13),
            quantizationAnnotation: many('TensorAnnotation', 14),
            sparseInitializer: many('SparseTensorProto', 15),
            metadataProps: many(entries, 16),
          },
        },
        FunctionProto: {
          fields: {
            name: f('string', 1),
            input: many('string', 4),
            output: many('string', 5),
            attribute: many('string', 6),
            node: many('NodeProto', 7),
            docString: f('string', 8),
            opsetImport: many('OperatorSetIdProto', 9),
            domain: f('string', 10),
            attributeProto: many('AttributeProto', 11),
            valueInfo: many('ValueInfoProto', 12),
            overload: f('string', 13),
            metadataProps: many(entries, 14),
          },
        },
        ModelProto: {
          fields: {
            irVersion: f('int64', 1),
            producerName: f('string', 2),
            producerVersion: f('string', 3),
            domain: f('string', 4),
            modelVersion: f('int64', 5),
            docString: f('string', 6),
            graph: f('GraphProto', 7),
            opsetImport: many('OperatorSetIdProto', 8),
            metadataProps: many(entries, 14),
            trainingInfo: many('bytes', 20),
            functions: many('FunctionProto', 25),
          },
        },
      },
    },
  },
};
