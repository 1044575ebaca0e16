// Inputs, outputs and batch inputs/outputs (K model_config_utils.cc ValidateIOShape,
// ValidateModelInput/Output, ValidateNonLinearFormatIO, ValidateBatchIO). Messages are Triton's,
// with Triton's ` for <model>` suffix.
import type { ModelConfig, ModelInput, ModelOutput } from '../model-config.js';
import type { LocatedPath } from '../text-format/source-map.js';
import { type ConfigProblem, PLATFORM } from './problem.js';

const WILDCARD = -1;

/** Element count, or -1 when a dimension is variable. */
function elementCount(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) {
    if (d === WILDCARD) return WILDCARD;
    n *= d;
  }
  return n;
}

/** Products of the runs between variable dimensions: [2,4,-1,6] → [8, 6]. */
function trunks(dims: readonly number[]): number[] {
  const out: number[] = [];
  let current = 1;
  for (const d of dims) {
    if (d === WILDCARD) {
      out.push(current);
      current = 1;
    } else current *= d;
  }
  out.push(current);
  return out;
}

/** ValidateIOShape: the first problem of one tensor, as Triton stops at it. */
function shapeProblem(io: ModelInput | ModelOutput, maxBatchSize: number, prefix: string, path: LocatedPath): ConfigProblem | undefined {
  const fail = (message: string, at: LocatedPath = path): ConfigProblem => ({ code: 'E_TRITON_IO', message, path: at });
  if (!io.name) return fail(`${prefix}must specify 'name'`);
  const named = `${prefix}'${io.name}' `;
  if (!io.data_type || io.data_type === 'TYPE_INVALID') return fail(`${named}must specify 'data_type'`);
  const dims = io.dims ?? [];
  if (dims.length === 0) return fail(`${named}must specify 'dims'`);
  const reshape = io.reshape ? (io.reshape.shape ?? []) : undefined;
  if (reshape !== undefined && reshape.length === 0 && maxBatchSize === 0)
    return fail(`${named}cannot have empty reshape for non-batching model as scalar tensors are not supported`, [...path, 'reshape']);
  const badDim = dims.findIndex((d) => d < 1 && d !== WILDCARD);
  if (badDim >= 0)
    return fail(`${named}dimension must be integer >= 1, or -1 to indicate a variable-size dimension`, [...path, 'dims', badDim]);
  if (reshape === undefined) return undefined;
  const badReshape = reshape.findIndex((d) => d < 1 && d !== WILDCARD);
  if (badReshape >= 0)
    return fail(`${named}reshape dimensions must be integer >= 1, or -1 to indicate a variable-size dimension`, [
      ...path,
      'reshape',
      'shape',
      badReshape,
    ]);
  const dimsSize = elementCount(dims);
  // An empty reshape has element count 1 in Triton's GetElementCount only through this special case.
  const reshapeSize = reshape.length === 0 ? 0 : elementCount(reshape);
  if (dimsSize !== reshapeSize && (reshapeSize !== 0 || dimsSize !== 1))
    return fail(`${named}has different size for dims and reshape`, [...path, 'reshape']);
  if (dimsSize === WILDCARD) {
    const a = trunks(dims);
    const b = trunks(reshape);
    if (a.length !== b.length)
      return fail(`${named}has different number of variable-size dimensions for dims and reshape`, [...path, 'reshape']);
    if (a.some((v, i) => v !== b[i])) return fail(`${named}has different size for dims and reshape`, [...path, 'reshape']);
  }
  return undefined;
}

function tensorProblem(
  io: ModelInput | ModelOutput,
  isInput: boolean,
  config: ModelConfig,
  path: LocatedPath,
): ConfigProblem | undefined {
  const platform = config.platform ?? '';
  const found = shapeProblem(io, config.max_batch_size ?? 0, isInput ? 'model input ' : 'model output ', path);
  if (found) return found;
  const fail = (message: string): ConfigProblem => ({ code: 'E_TRITON_IO', message, path });
  const format = (io as ModelInput).format;
  if (isInput && (format === 'FORMAT_NHWC' || format === 'FORMAT_NCHW') && (io.dims ?? []).length !== 3)
    return fail('model input NHWC/NCHW require 3 dims');
  if (platform !== PLATFORM.tensorrt && io.is_shape_tensor)
    return fail('shape tensors are only supported for TensorRT platform');
  if (io.is_non_linear_format_io) {
    if (platform !== PLATFORM.tensorrt) return fail('Non-linear IO format is only supported for the TensorRT platform');
    if ((io.dims ?? []).length !== 3) return fail(`Non-linear IO format ${isInput ? 'input' : 'output'} requires 3 dims`);
  }
  return undefined;
}

function batchIoProblem(config: ModelConfig): ConfigProblem | undefined {
  const inputs = new Set((config.input ?? []).map((i) => i.name ?? ''));
  const outputs = new Set((config.output ?? []).map((o) => o.name ?? ''));
  for (const [i, batchInput] of (config.batch_input ?? []).entries()) {
    const path = ['batch_input', i];
    const kind = batchInput.kind ?? 'BATCH_ELEMENT_COUNT';
    const sources = batchInput.source_input ?? [];
    if (sources.length !== 1)
      return { code: 'E_TRITON_BATCH_IO', message: `batch input kind '${kind}' expects 1 source input, got ${sources.length}`, path };
    if (batchInput.data_type !== 'TYPE_INT32' && batchInput.data_type !== 'TYPE_FP32')
      return { code: 'E_TRITON_BATCH_IO', message: 'batch input data type must be TYPE_INT32 or TYPE_FP32', path };
    for (const source of sources)
      if (!inputs.has(source)) return { code: 'E_TRITON_BATCH_IO', message: `unknown source input name '${source}'`, path };
  }
  for (const [i, batchOutput] of (config.batch_output ?? []).entries()) {
    const path = ['batch_output', i];
    const kind = batchOutput.kind ?? 'BATCH_SCATTER_WITH_INPUT_SHAPE';
    const sources = batchOutput.source_input ?? [];
    if (sources.length !== 1)
      return { code: 'E_TRITON_BATCH_IO', message: `batch output kind '${kind}' expects 1 source input, got ${sources.length}`, path };
    for (const source of sources)
      if (!inputs.has(source)) return { code: 'E_TRITON_BATCH_IO', message: `unknown source input name '${source}'`, path };
    const seen = new Set<string>();
    for (const target of batchOutput.target_name ?? []) {
      if (!outputs.has(target)) return { code: 'E_TRITON_BATCH_IO', message: `unknown target output name '${target}'`, path };
      if (seen.has(target))
        return { code: 'E_TRITON_BATCH_IO', message: `target output name '${target}' can only be specified once`, path };
      seen.add(target);
    }
  }
  return undefined;
}

/** ValidateModelIOConfig: every tensor's first problem, then batch IO, each suffixed ` for <model>`. */
export function ioProblems(config: ModelConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const suffix = ` for ${config.name ?? ''}`;
  (config.input ?? []).forEach((io, i) => {
    const p = tensorProblem(io, true, config, ['input', i]);
    if (p) problems.push({ ...p, message: p.message + suffix });
  });
  (config.output ?? []).forEach((io, i) => {
    const p = tensorProblem(io, false, config, ['output', i]);
    if (p) problems.push({ ...p, message: p.message + suffix });
  });
  const batch = batchIoProblem(config);
  if (batch) problems.push({ ...batch, message: batch.message + suffix });
  return problems;
}
