import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestError } from '../request-error.js';

/** Reads a request body, refusing one past `maxBytes` (by its Content-Length first, else as it streams). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  const tooLarge = () => new RequestError(400, `request body exceeds the server's limit of ${maxBytes} bytes`);
  if (declared > maxBytes) {
    // Read nothing more: the connection closes after the answer, so the rest of the body is never taken.
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
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
