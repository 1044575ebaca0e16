/**
 * Which ONNX operators the TensorRT ONNX parser (onnx-tensorrt) imports, per TensorRT version, as data.
 * Source: onnx-tensorrt's docs/operators.md (https://github.com/onnx/onnx-tensorrt/blob/<commit>/docs/operators.md).
 * Operators in neither list are "not listed": the lint warns rather than guesses. Update a table by
 * reading the operators.md of that release branch and recording its commit here.
 */
export interface OperatorTable {
  /** The opset range the parser accepts for the default ONNX domain. */
  opset: { min: number; max: number };
  source: { url: string; commit: string; note: string };
  /** ONNX element types the parser handles natively; others are cast or rejected. */
  int64: 'cast-to-int32' | 'native';
  supported: readonly string[];
  unsupported: readonly string[];
}

/** Ops both tables mark supported (rows "Y" of operators.md at commit 6d0ab7be). */
const COMMON_SUPPORTED = [
  'Abs', 'Acos', 'Acosh', 'Add', 'And', 'ArgMax', 'ArgMin', 'Asin', 'Asinh', 'Atan', 'Atanh', 'AveragePool',
  'BatchNormalization', 'Cast', 'Ceil', 'Celu', 'Clip', 'Concat', 'Constant', 'ConstantOfShape', 'Conv',
  'ConvTranspose', 'Cos', 'Cosh', 'CumSum', 'DepthToSpace', 'DequantizeLinear', 'Div', 'Dropout', 'Einsum', 'Elu',
  'Equal', 'Erf', 'Exp', 'Expand', 'EyeLike', 'Flatten', 'Floor', 'Gather', 'GatherElements', 'GatherND', 'Gemm',
  'GlobalAveragePool', 'GlobalLpPool', 'GlobalMaxPool', 'Greater', 'GreaterOrEqual', 'GridSample', 'GRU',
  'HardSwish', 'HardSigmoid', 'Identity', 'If', 'ImageScaler', 'InstanceNormalization', 'IsNaN', 'LeakyRelu',
  'Less', 'LessOrEqual', 'Log', 'LogSoftmax', 'Loop', 'LRN', 'LSTM', 'LpNormalization', 'LpPool', 'MatMul', 'Max',
  'MaxPool', 'Mean', 'MeanVarianceNormalization', 'Min', 'Mod', 'Mul', 'Neg', 'NonMaxSuppression', 'NonZero',
  'Not', 'OneHot', 'Or', 'Pad', 'ParametricSoftplus', 'Pow', 'PRelu', 'QuantizeLinear', 'RandomNormal',
  'RandomNormalLike', 'RandomUniform', 'RandomUniformLike', 'Range', 'Reciprocal', 'ReduceL1', 'ReduceL2',
  'ReduceLogSum', 'ReduceLogSumExp', 'ReduceMax', 'ReduceMean', 'ReduceMin', 'ReduceProd', 'ReduceSum',
  'ReduceSumSquare', 'Relu', 'Reshape', 'Resize', 'ReverseSequence', 'RNN', 'RoiAlign', 'Round', 'ScaledTanh',
  'Scan', 'Scatter', 'ScatterElements', 'ScatterND', 'Selu', 'Shape', 'Shrink', 'Sigmoid', 'Sign', 'Sin', 'Sinh',
  'Size', 'Slice', 'Softmax', 'Softplus', 'Softsign', 'SpaceToDepth', 'Split', 'Sqrt', 'Squeeze', 'Sub', 'Sum',
  'Tan', 'Tanh', 'ThresholdedRelu', 'Tile', 'TopK', 'Transpose', 'Trilu', 'Unsqueeze', 'Upsample', 'Where', 'Xor',
] as const;

/** Rows "N" of the same file that no later release is known to have added. */
const COMMON_UNSUPPORTED = [
  'BitShift', 'ConcatFromSequence', 'ConvInteger', 'Det', 'DynamicQuantizeLinear', 'MatMulInteger', 'MaxRoiPool',
  'MaxUnpool', 'MelWeightMatrix', 'Multinomial', 'NegativeLogLikelihoodLoss', 'Optional', 'OptionalGetElement',
  'OptionalHasElement', 'QLinearConv', 'QLinearMatMul', 'SequenceAt', 'SequenceConstruct', 'SequenceEmpty',
  'SequenceErase', 'SequenceInsert', 'SequenceLength', 'SequenceMap', 'SoftmaxCrossEntropyLoss', 'SplitToSequence',
  'StringNormalizer', 'TfIdfVectorizer', 'Unique',
] as const;

const OPERATORS_MD = 'https://github.com/onnx/onnx-tensorrt/blob/6d0ab7be324d02c7feb3a306b6fdbeae84f71ddc/docs/operators.md';

export const operatorTables = {
  '8.6': {
    opset: { min: 7, max: 17 },
    source: {
      url: OPERATORS_MD,
      commit: '6d0ab7be324d02c7feb3a306b6fdbeae84f71ddc',
      note: 'operators.md of the 8.5/8.6 line ("supports operators up to Opset 17"), plus LayerNormalization, which 8.6 added.',
    },
    int64: 'cast-to-int32',
    supported: [...COMMON_SUPPORTED, 'LayerNormalization'],
    unsupported: [...COMMON_UNSUPPORTED, 'IsInf', 'Bernoulli', 'BlackmanWindow', 'Compress', 'DFT', 'HammingWindow', 'HannWindow', 'Hardmax', 'STFT'],
  },
  '10.x': {
    opset: { min: 9, max: 22 },
    source: {
      url: 'https://github.com/onnx/onnx-tensorrt/blob/release/10.x/docs/operators.md',
      commit: 'release/10.x (header of 10.0: "operators in the inclusive range of opset 9 to opset 20"; 10.x later: up to 22)',
      note: 'The rows of the 8.5/8.6 table plus operators 10.x documents as added (LayerNormalization, GroupNormalization, CastLike, Gelu); INT64 and BF16 are native types in 10.x. Ops 8.6 lacked whose 10.x status we could not confirm are left unlisted.',
    },
    int64: 'native',
    supported: [...COMMON_SUPPORTED, 'LayerNormalization', 'GroupNormalization', 'CastLike', 'Gelu'],
    unsupported: [...COMMON_UNSUPPORTED],
  },
} as const satisfies Record<string, OperatorTable>;

export type TensorRTVersion = keyof typeof operatorTables;
export const TENSORRT_VERSIONS = Object.keys(operatorTables) as [TensorRTVersion, ...TensorRTVersion[]];

/** Operators whose output shape depends on input values: TensorRT 10 needs an output allocator for them, 8.6 pads or rejects. */
export const DATA_DEPENDENT_SHAPE_OPS = new Set(['NonZero', 'NonMaxSuppression', 'Unique', 'Compress', 'RoiAlign']);
export const CONTROL_FLOW_OPS = new Set(['If', 'Loop', 'Scan']);
export const QDQ_OPS = new Set(['QuantizeLinear', 'DequantizeLinear']);
