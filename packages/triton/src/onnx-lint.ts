// ONNX model ↔ config: what Triton's ONNX Runtime backend checks when it loads the model — every
// config tensor exists in the model, with the model's type and a shape of the model's rank (batch
// dim included when max_batch_size > 0).
import type { Diagnostic } from '@pipeline/errors';
import type { ModelConfig } from '@pipeline/triton-config';
import type { OnnxIOFacts } from './auto-complete.js';
import { tritonTypeFromOnnx } from './data-types.js';

export function lintOnnxConfig(config: ModelConfig, io: OnnxIOFacts): Diagnostic[] {
  const out: Diagnostic[] = [];
  const name = config.name ?? '';
  const batching = (config.max_batch_size ?? 0) > 0;
  for (const [kind, list, facts] of [
    ['input', config.input ?? [], io.inputs],
    ['output', config.output ?? [], io.outputs],
  ] as const) {
    for (const tensor of list) {
      const fact = facts.find((f) => f.name === tensor.name);
      if (!fact) {
        out.push({
          code: 'E_TRITON_ONNX_TENSOR',
          severity: 'error',
          message: `unexpected inference ${kind} '${tensor.name}', allowed ${kind}s are: ${facts.map((f) => f.name).join(', ')}`,
        });
        continue;
      }
      const type = tritonTypeFromOnnx(fact.dtype);
      if (tensor.data_type && type !== tensor.data_type)
        out.push({
          code: 'E_TRITON_ONNX_DTYPE',
          severity: 'error',
          message: `model '${name}' ${kind} '${tensor.name}' is ${tensor.data_type} in the config but ${type ?? fact.dtype} in the model`,
        });
      const dims = tensor.reshape ? (tensor.reshape.shape ?? []) : (tensor.dims ?? []);
      const full = batching ? [-1, ...dims] : dims;
      if (fact.shape && full.length !== fact.shape.length)
        out.push({
          code: 'E_TRITON_ONNX_SHAPE',
          severity: 'error',
          message: `model '${name}', tensor '${tensor.name}': the model expects ${fact.shape.length} dimensions (shape [${fact.shape.map((d) => (typeof d === 'number' ? d : -1)).join(',')}]) but the model configuration specifies ${full.length} dimensions${batching ? ` (an initial batch dimension because max_batch_size > 0 followed by the explicit tensor shape, making complete shape [${full.join(',')}])` : ` (shape [${full.join(',')}])`}`,
          ...(batching ? { hint: 'with max_batch_size > 0, dims leave out the batch dimension' } : {}),
        });
    }
  }
  return out;
}
