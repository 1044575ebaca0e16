import type { DType } from '@pipeline/tensor';

/** One dimension of a declared shape: a size, a symbolic name (`dim_param`, e.g. `batch`) or null when unknown. */
export type Dim = number | string | null;

/**
 * The type of a graph value. Tensors carry the ONNX element type code (`elemType`) and, when it is one
 * @pipeline/tensor models, its dtype name; `shape: undefined` means the rank is unknown, `[]` a scalar.
 */
export type OnnxType =
  | { kind: 'tensor' | 'sparse_tensor'; elemType: number; dtype: DType | undefined; shape: Dim[] | undefined }
  | { kind: 'sequence' | 'optional'; elem: OnnxType | undefined }
  | { kind: 'map'; keyType: number; value: OnnxType | undefined }
  | { kind: 'unknown' };

export interface OnnxValueInfo {
  name: string;
  type: OnnxType;
  docString: string;
}

/**
 * Where a tensor's bytes are. `lazy` is `raw_data` left in the model file (read with `loadWeights: false`):
 * the offset and length in `file` are recorded instead of the bytes. `external` is a side file named by
 * the model (`location` as written, relative to the model's folder; `file` resolved).
 */
export type TensorData =
  | { location: 'raw'; bytes: Uint8Array }
  | { location: 'lazy'; file: string; offset: number; length: number }
  | { location: 'external'; file: string; path: string; offset: number; length: number | undefined; checksum: string | undefined }
  /** The typed repeated field the spec assigns to the dtype (float_data, int32_data, int64_data, …). */
  | { location: 'fields'; values: number[] | bigint[] | Uint8Array[] };

/** A `TensorProto`: an initializer, a Constant's value, a tensor attribute. */
export interface OnnxTensorProto {
  name: string;
  /** ONNX `TensorProto.DataType` code; kept even when `dtype` does not model it (float8, int4, …). */
  dataType: number;
  dtype: DType | undefined;
  dims: number[];
  docString: string;
  data: TensorData;
}

export interface OnnxSparseTensor {
  values: OnnxTensorProto;
  indices: OnnxTensorProto;
  dims: number[];
}

interface AttributeBase {
  name: string;
  docString: string;
  /** Set inside functions: the attribute takes the value of the calling node's attribute of that name. */
  refAttrName: string;
}

/** A node attribute. Ints are bigint because ONNX writes INT64_MAX into `Slice` ends and the like. */
export type OnnxAttribute = AttributeBase &
  (
    | { type: 'float'; value: number }
    | { type: 'int'; value: bigint }
    | { type: 'string'; value: string }
    | { type: 'tensor'; value: OnnxTensorProto }
    | { type: 'graph'; value: OnnxGraph }
    | { type: 'sparse_tensor'; value: OnnxSparseTensor }
    | { type: 'type_proto'; value: OnnxType }
    | { type: 'floats'; value: number[] }
    | { type: 'ints'; value: bigint[] }
    | { type: 'strings'; value: string[] }
    | { type: 'tensors'; value: OnnxTensorProto[] }
    | { type: 'graphs'; value: OnnxGraph[] }
    | { type: 'sparse_tensors'; value: OnnxSparseTensor[] }
    | { type: 'type_protos'; value: OnnxType[] }
    | { type: 'undefined'; value: undefined }
  );

export type OnnxAttributeType = OnnxAttribute['type'];

export interface OnnxNode {
  name: string;
  opType: string;
  /** '' (or 'ai.onnx') is the default ONNX domain. */
  domain: string;
  overload: string;
  inputs: string[];
  outputs: string[];
  attributes: OnnxAttribute[];
  docString: string;
  metadataProps: Record<string, string>;
}

export interface QuantizationAnnotation {
  tensorName: string;
  quantParameterTensorNames: Record<string, string>;
}

export interface OnnxGraph {
  name: string;
  docString: string;
  nodes: OnnxNode[];
  initializers: OnnxTensorProto[];
  sparseInitializers: OnnxSparseTensor[];
  /** As declared, initializers included when the exporter lists them (IR < 4 does). */
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  valueInfo: OnnxValueInfo[];
  quantizationAnnotation: QuantizationAnnotation[];
  metadataProps: Record<string, string>;
}

export interface OpsetImport {
  domain: string;
  version: number;
}

/** A model-local function (`FunctionProto`): nodes that calls in the graph expand to. */
export interface OnnxFunction {
  name: string;
  domain: string;
  overload: string;
  inputs: string[];
  outputs: string[];
  attributes: string[];
  attributeProtos: OnnxAttribute[];
  nodes: OnnxNode[];
  docString: string;
  opsetImports: OpsetImport[];
  valueInfo: OnnxValueInfo[];
  metadataProps: Record<string, string>;
}

/** A whole ONNX `ModelProto`, typed. */
export interface OnnxModel {
  irVersion: number;
  opsetImports: OpsetImport[];
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  graph: OnnxGraph;
  metadataProps: Record<string, string>;
  functions: OnnxFunction[];
  /** `TrainingInfoProto` messages, kept as their encoded bytes. */
  trainingInfo: Uint8Array[];
}
