import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestError } from '../request-error.js';

/**
 * Reads a request body, refusing one past `maxBytes` (by its Content-Length first, else as it streams).
 * With a Content-Length the bytes go straight into one buffer of that size; plain 'data' listeners, not
 * an async iterator, which costs several promise turns per request.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  const tooLarge = () => new RequestError(400, `request body exceeds the server's limit of ${maxBytes} bytes`);
  if (declared > maxBytes) {
    // Read nothing more: the connection closes after the answer, so the rest of the body is never taken.
    return Promise.reject(tooLarge());
  }
  if (declared === 0) {
    req.resume();
    return Promise.resolve(EMPTY);
  }
  return new Promise((resolve, reject) => {
    const sized = Number.isInteger(declared) ? allocateBody(declared, Number(req.headers['inference-header-content-length'])) : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > (sized?.length ?? maxBytes)) {
        req.off('data', onData);
        // The client sent more than its Content-Length says, or a chunked body over the limit.
        reject(sized === undefined ? tooLarge() : new RequestError(400, 'the request body is longer than its Content-Length'));
        return;
      }
      if (sized !== undefined) chunk.copy(sized, size);
      else chunks.push(chunk);
      size += chunk.length;
    };
    req.on('data', onData);
    req.once('end', () => {
      if (sized !== undefined) resolve(size === sized.length ? sized : sized.subarray(0, size));
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    req.once('error', reject);
    // A client that goes away mid-body: nothing to answer, but the handler must not wait forever.
    req.once('close', () => {
      if (!req.complete) reject(new RequestError(400, 'the request body was cut off'));
    });
  });
}

const EMPTY = Buffer.alloc(0);

/**
 * A buffer for a body of `size` bytes, placed so that a binary-extension body's tensor bytes (after its
 * JSON header of `headerLength` bytes) start 8-byte aligned: the decoder can then view them as typed arrays
 * where they lie instead of copying them out.
 */
function allocateBody(size: number, headerLength: number): Buffer {
  const pad = Number.isInteger(headerLength) && headerLength >= 0 ? (8 - (headerLength % 8)) % 8 : 0;
  return Buffer.allocUnsafeSlow(size + pad).subarray(pad);
}

/** Answers with a body; a v2 error is `{"error": "…"}`. */
export function send(res: ServerResponse, status: number, body: Buffer | string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), { 'content-type': 'application/json' });
}

export function sendError(res: ServerResponse, status: number, message: string, close = false): void {
  send(res, status, JSON.stringify({ error: message }), close ? { 'content-type': 'application/json', connection: 'close' } : { 'content-type': 'application/json' });
}

/** Parses a small JSON body (repository requests); an empty body is `{}`. */
export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new RequestError(400, `failed to parse the request JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RequestError(400, 'the request JSON must be an object');
  return value as Record<string, unknown>;
}
