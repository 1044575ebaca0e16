import { fromKServeTensor, type Tensor, toKServeTensor } from '@pipeline/tensor';
import { BinaryCursor, joinBody, splitBody } from './binary-body.js';
import { malformed } from './errors.js';
import type { InferOutputJson, InferResponseJson, Parameters } from './protocol-types.js';
import { datatypeOf, tensorFromBytes, tensorToBytes } from './tensor-bytes.js';

export interface InferResponseHead {
  model_name: string;
  model_version?: string;
  id?: string;
  parameters?: Parameters;
}

/** A server's inference response body; each output goes as a binary part or as JSON `data`. */
export function encodeInferResponse(
  head: InferResponseHead,
  outputs: readonly { name: string; tensor: Tensor; binary: boolean }[],
): { body: Buffer; headerLength: number | undefined } {
  const parts: Uint8Array[] = [];
  const json: InferResponseJson = {
    ...head,
    outputs: outputs.map(({ name, tensor, binary }): InferOutputJson => {
      if (!binary) return toKServeTensor(name, tensor);
      const bytes = tensorToBytes(tensor);
      parts.push(bytes);
      return { name, datatype: datatypeOf(tensor.dtype), shape: [...tensor.shape], parameters: { binary_data_size: bytes.length } };
    }),
  };
  return joinBody(json, parts);
}

/** A client's reading of an inference response: its JSON header and every output as a tensor. */
export function decodeInferResponse(body: Uint8Array, headerLength: number | undefined): { response: InferResponseJson; outputs: Record<string, Tensor> } {
  const { json, binary } = splitBody(body, headerLength);
  const response = json as InferResponseJson;
  if (!Array.isArray(response.outputs)) throw malformed('the response has no "outputs" list');
  const cursor = new BinaryCursor(binary);
  const outputs: Record<string, Tensor> = {};
  for (const entry of response.outputs) {
    const size = entry.parameters?.binary_data_size;
    outputs[entry.name] =
      size === undefined ? fromKServeTensor(entry, `output "${entry.name}"`).tensor : tensorFromBytes(cursor.take(size, entry.name), entry.datatype, entry.shape, entry.name);
  }
  cursor.finish();
  return { response, outputs };
}
