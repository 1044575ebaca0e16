import { malformed } from './errors.js';

/**
 * Splits a v2 body into its JSON header and binary part. With no Inference-Header-Content-Length the whole
 * body is JSON; with it, the first `headerLength` bytes are JSON and the rest are tensors in order.
 */
export function splitBody(body: Uint8Array, headerLength: number | undefined): { json: unknown; binary: Uint8Array } {
  if (headerLength !== undefined && (!Number.isInteger(headerLength) || headerLength < 0 || headerLength > body.length)) {
    throw malformed(`Inference-Header-Content-Length ${headerLength} does not fit a body of ${body.length} bytes`);
  }
  const end = headerLength ?? body.length;
  const text = Buffer.from(body.buffer, body.byteOffset, end).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw malformed(`the JSON part of the body does not parse: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw malformed('the JSON part of the body must be an object');
  return { json, binary: body.subarray(end) };
}

/** Reads consecutive binary parts of given sizes; the sizes must add up to the binary part exactly. */
export class BinaryCursor {
  private at = 0;
  constructor(private readonly binary: Uint8Array) {}
  take(size: unknown, name: string): Uint8Array {
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) throw malformed(`tensor "${name}": "binary_data_size" must be a non-negative integer`);
    if (this.at + size > this.binary.length) throw malformed(`tensor "${name}": binary_data_size ${size} runs past the ${this.binary.length - this.at} binary bytes left`);
    const part = this.binary.subarray(this.at, this.at + size);
    this.at += size;
    return part;
  }
  finish(): void {
    if (this.at !== this.binary.length) throw malformed(`${this.binary.length - this.at} binary bytes follow the last tensor that declares binary_data_size`);
  }
}

/** Joins a JSON header and binary parts into one body; `headerLength` is undefined when there are no parts. */
export function joinBody(json: unknown, parts: readonly Uint8Array[]): { body: Buffer; headerLength: number | undefined } {
  const header = Buffer.from(JSON.stringify(json), 'utf8');
  if (parts.length === 0) return { body: header, headerLength: undefined };
  return { body: Buffer.concat([header, ...parts]), headerLength: header.length };
}
