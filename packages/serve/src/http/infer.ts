import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeInferRequest, encodeInferResponse, INFERENCE_HEADER_CONTENT_LENGTH, type InferResponseHead, isKServeMalformed } from '@pipeline/kserve-client';
import { badRequest } from '../request-error.js';
import type { ServedModel } from '../served-model.js';
import { send } from './body.js';

/** `POST /v2/models/<m>[/versions/<n>]/infer`: JSON or the binary tensor extension, both ways. */
export async function handleInfer(req: IncomingMessage, res: ServerResponse, model: ServedModel, body: Buffer): Promise<void> {
  const header = req.headers[INFERENCE_HEADER_CONTENT_LENGTH];
  let headerLength: number | undefined;
  if (header !== undefined) {
    headerLength = Number(header);
    if (!/^\d+$/.test(String(header))) throw badRequest(`Inference-Header-Content-Length '${header}' is not a byte count`);
  }
  let request: ReturnType<typeof decodeInferRequest>;
  try {
    request = decodeInferRequest(body, headerLength);
  } catch (error) {
    if (isKServeMalformed(error)) throw badRequest(error.message);
    throw error;
  }
  const known = model.config.output.map((o) => o.name);
  for (const wanted of request.outputs ?? []) {
    if (!known.includes(wanted.name)) throw badRequest(`unexpected inference output '${wanted.name}' for model '${model.name}'`);
  }
  const outputs = await model.infer(request.inputs);
  const chosen = (request.outputs ?? known.map((name) => ({ name, binary: request.binaryOutputsByDefault }))).map((o) => ({ name: o.name, binary: o.binary, tensor: outputs[o.name]! }));
  const head: InferResponseHead = { model_name: model.name, model_version: model.version };
  if (request.id !== undefined) head.id = request.id;
  const encoded = encodeInferResponse(head, chosen);
  const headers: Record<string, string> =
    encoded.headerLength === undefined
      ? { 'content-type': 'application/json' }
      : { 'content-type': 'application/octet-stream', [INFERENCE_HEADER_CONTENT_LENGTH]: String(encoded.headerLength) };
  send(res, 200, encoded.body, headers);
}
