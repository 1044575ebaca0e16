import { fromKServeTensor, type Tensor, toKServeTensor } from '@pipeline/tensor';
import { BinaryCursor, joinBody, splitBody } from './binary-body.js';
import { malformed } from './errors.js';
import type { InferRequestJson, Parameters } from './protocol-types.js';
import { datatypeOf, tensorFromBytes, tensorToBytes } from './tensor-bytes.js';

export interface EncodeInferRequestOptions {
  /** Send input tensors as binary parts (default true): no JSON number formatting, exact floats. */
  binaryInputs?: boolean;
  /** Ask only for these outputs; all when absent. */
  outputs?: readonly string[];
  /** Ask for outputs as binary parts (default true). */
  binaryOutputs?: boolean;
  id?: string;
  parameters?: Parameters;
}

/** A client's inference request body (and the Inference-Header-Content-Length when it has binary parts). */
export function encodeInferRequest(inputs: Readonly<Record<string, Tensor>>, options: EncodeInferRequestOptions = {}): { body: Buffer; headerLength: number | undefined } {
  const binaryInputs = options.binaryInputs ?? true;
  const binaryOutputs = options.binaryOutputs ?? true;
  const parts: Uint8Array[] = [];
  const json: InferRequestJson = {
    inputs: Object.entries(inputs).map(([name, tensor]) => {
      if (!binaryInputs) return toKServeTensor(name, tensor);
      const bytes = tensorToBytes(tensor);
      parts.push(bytes);
      return { name, datatype: datatypeOf(tensor.dtype), shape: [...tensor.shape], parameters: { binary_data_size: bytes.length } };
    }),
  };
  if (options.id !== undefined) json.id = options.id;
  const parameters: Parameters = { ...options.parameters };
  if (options.outputs !== undefined) json.outputs = options.outputs.map((name) => ({ name, parameters: { binary_data: binaryOutputs } }));
  else if (binaryOutputs) parameters.binary_data_output = true;
  if (Object.keys(parameters).length > 0) json.parameters = parameters;
  return joinBody(json, parts);
}

export interface RequestedOutput {
  name: string;
  binary: boolean;
}

export interface DecodedInferRequest {
  id: string | undefined;
  parameters: Parameters;
  /** In request order. */
  inputs: { name: string; tensor: Tensor }[];
  /** The outputs asked for by name; undefined means all, each binary or not by `binaryOutputsByDefault`. */
  outputs: RequestedOutput[] | undefined;
  binaryOutputsByDefault: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A server's reading of an inference request body; any protocol mistake is an E_KSERVE_MALFORMED error. */
export function decodeInferRequest(body: Uint8Array, headerLength: number | undefined): DecodedInferRequest {
  if (headerLength === 0) throw malformed('raw binary requests (Inference-Header-Content-Length: 0) are not supported; send a JSON header');
  const { json, binary } = splitBody(body, headerLength);
  const request = json as Record<string, unknown>;
  if (!Array.isArray(request.inputs) || request.inputs.length === 0) throw malformed('the request needs a non-empty "inputs" list');
  const parameters = isObject(request.parameters) ? (request.parameters as Parameters) : {};
  const cursor = new BinaryCursor(binary);
  const seen = new Set<string>();
  const inputs = request.inputs.map((entry: unknown, index: number) => {
    if (!isObject(entry) || typeof entry.name !== 'string') throw malformed(`inputs[${index}] needs a string "name"`);
    const name = entry.name;
    if (seen.has(name)) throw malformed(`input "${name}" appears twice`);
    seen.add(name);
    const params = isObject(entry.parameters) ? entry.parameters : {};
    if (params.binary_data_size === undefined) return { name, tensor: fromKServeTensor(entry, `input "${name}"`).tensor };
    if (entry.data !== undefined) throw malformed(`input "${name}" has both "data" and parameters.binary_data_size`);
    if (typeof entry.datatype !== 'string') throw malformed(`input "${name}" needs a string "datatype"`);
    const shape = entry.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw malformed(`input "${name}": "shape" must be a list of sizes`);
    return { name, tensor: tensorFromBytes(cursor.take(params.binary_data_size, name), entry.datatype, shape as number[], name) };
  });
  cursor.finish();
  const binaryOutputsByDefault = parameters.binary_data_output === true;
  let outputs: RequestedOutput[] | undefined;
  if (request.outputs !== undefined) {
    if (!Array.isArray(request.outputs)) throw malformed('"outputs" must be a list');
    outputs = request.outputs.map((entry: unknown, index: number) => {
      if (!isObject(entry) || typeof entry.name !== 'string') throw malformed(`outputs[${index}] needs a string "name"`);
      const params = isObject(entry.parameters) ? entry.parameters : {};
      return { name: entry.name, binary: params.binary_data === undefined ? binaryOutputsByDefault : params.binary_data === true };
    });
  }
  return { id: typeof request.id === 'string' ? request.id : undefined, parameters, inputs, outputs, binaryOutputsByDefault };
}
