/**
 * The stable codes of the `convert/onnxruntime` stage. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const ConvertOnnxRuntimeCode = {
  /** `inject_fault` names a tensor that is not float32. */
  FaultTensor: 'E_FAULT_TENSOR',
} as const;

export type ConvertOnnxRuntimeCode = (typeof ConvertOnnxRuntimeCode)[keyof typeof ConvertOnnxRuntimeCode];
