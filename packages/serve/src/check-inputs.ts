import type { Tensor } from '@pipeline/tensor';
import { type ModelConfig, protocolDatatype } from './model-config.js';
import { datatypeOf } from '@pipeline/kserve-client';
import { badRequest } from './request-error.js';

const shapeText = (shape: readonly number[]) => `[${shape.join(',')}]`;

/**
 * Checks a request's inputs against the model's config as Triton does before anything runs: every input
 * known and present (unless optional), the datatype the config says, the config's dims (a -1 takes any
 * size) behind a batch dim of 1..max_batch_size when the model batches. Returns the request's batch size.
 */
export function checkInputs(config: ModelConfig, inputs: readonly { name: string; tensor: Tensor }[]): number {
  const model = config.name;
  const known = new Map(config.input.map((t) => [t.name, t]));
  for (const { name } of inputs) {
    if (!known.has(name)) throw badRequest(`unexpected inference input '${name}' for model '${model}'`);
  }
  for (const tensor of config.input) {
    if (tensor.optional !== true && !inputs.some((i) => i.name === tensor.name)) throw badRequest(`expected ${config.input.length} inputs but got ${inputs.length} inputs for model '${model}': missing '${tensor.name}'`);
  }
  const batched = config.max_batch_size > 0;
  let batch: number | undefined;
  for (const { name, tensor } of inputs) {
    const spec = known.get(name)!;
    const expected = protocolDatatype(spec.data_type);
    const got = datatypeOf(tensor.dtype);
    if (got !== expected) throw badRequest(`inference input '${name}' data-type is '${got}', but model '${model}' expects '${expected}'`);
    const dims = spec.dims;
    const given = batched ? tensor.shape.slice(1) : tensor.shape;
    const full = batched ? [-1, ...dims] : dims;
    const fits = given.length === dims.length && dims.every((d, i) => d === -1 || given[i] === d) && (!batched || tensor.shape.length >= 1);
    if (!fits) throw badRequest(`unexpected shape for input '${name}' for model '${model}'. Expected ${shapeText(full)}, got ${shapeText(tensor.shape)}`);
    if (batched) {
      const rows = tensor.shape[0]!;
      if (rows < 1 || rows > config.max_batch_size) throw badRequest(`inference request batch-size must be <= ${config.max_batch_size} for '${model}', got ${rows}`);
      if (batch !== undefined && rows !== batch) throw badRequest(`inputs of model '${model}' disagree on the batch size (${batch} and ${rows})`);
      batch = rows;
    }
  }
  return batch ?? 1;
}
