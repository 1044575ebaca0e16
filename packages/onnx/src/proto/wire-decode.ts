import { Buffer } from 'node:buffer';
import { descriptor, type FieldJson } from './descriptor.js';
import { LazyRawData } from './from-proto.js';
import type { Msg } from './values.js';

/*
 * A protobuf wire reader for the ONNX messages, driven by the same descriptor protobufjs is given
 * (descriptor.ts). Why not protobufjs's reflection here: importing it, building its types and
 * generating its decoders cost ~250 ms at every CLI start before a byte is read, and reading is all
 * `check` and `inspect` do. Why not `pbjs -t static-module`: it needs protobufjs-cli (jsdoc, uglify-js…)
 * as a build step and its output still loads protobufjs's runtime; and the one thing this reader must
 * do differently — leave TensorProto.raw_data in the file as an offset instead of copying it — is a
 * line here but a post-pass over every decoded message there. The output has protobufjs's shape
 * (camelCase fields, own properties only for fields present), with int64 as a number when exact and a
 * bigint otherwise, so `from-proto.ts` reads either.
 */

type Scalar = 'string' | 'bytes' | 'int32' | 'int64' | 'uint64' | 'float' | 'double';

export interface FieldSpec {
  name: string;
  repeated: boolean;
  scalar: Scalar | undefined;
  /** Set for message fields (resolved after every type is known). */
  message: MessageSpec | undefined;
}

export interface MessageSpec {
  name: string;
  /** By field number. */
  fields: (FieldSpec | undefined)[];
}

interface DescriptorNode {
  fields?: Record<string, FieldJson>;
  nested?: Record<string, DescriptorNode>;
}

const SCALARS = new Set<string>(['string', 'bytes', 'int32', 'int64', 'uint64', 'float', 'double']);

function buildSpecs(): Map<string, MessageSpec> {
  const specs = new Map<string, MessageSpec>();
  const pending: [FieldSpec, string][] = [];
  // ONNX's nested type names (Dimension, Segment) are unique, so one flat namespace resolves every reference.
  const visit = (nested: Record<string, DescriptorNode>) => {
    for (const [name, node] of Object.entries(nested)) {
      if (node.fields) {
        const spec: MessageSpec = { name, fields: [] };
        for (const [fieldName, json] of Object.entries(node.fields)) {
          const field: FieldSpec = { name: fieldName, repeated: json.rule === 'repeated', scalar: SCALARS.has(json.type) ? (json.type as Scalar) : undefined, message: undefined };
          if (!field.scalar) pending.push([field, json.type]);
          spec.fields[json.id] = field;
        }
        specs.set(name, spec);
      }
      if (node.nested) visit(node.nested);
    }
  };
  visit((descriptor.nested.onnx as DescriptorNode).nested ?? {});
  for (const [field, type] of pending) {
    field.message = specs.get(type);
    if (!field.message) throw new Error(`onnx descriptor: unknown type ${type}`);
  }
  return specs;
}

let specs: Map<string, MessageSpec> | undefined;

/** The reader's view of an ONNX message type, by name (`ModelProto`, `TensorProto`, …). */
export function messageSpec(name: string): MessageSpec {
  specs ??= buildSpecs();
  const spec = specs.get(name);
  if (!spec) throw new Error(`onnx descriptor: no message ${name}`);
  return spec;
}

/** A malformed message: the reader's callers wrap it into an error naming the file. */
export class WireError extends Error {}

/** Where TensorProto.raw_data goes: left in the file as `LazyRawData` at `fileOffset + position`, or kept as a view. */
export interface WireOptions {
  /** The file offset of `buf[0]`; when set, raw_data becomes `LazyRawData` and is not kept. */
  lazyRawFrom?: number;
}

/** Decodes the message of type `spec` in `buf[start, end)`. */
export function decodeWire(spec: MessageSpec, buf: Uint8Array, start: number, end: number, options: WireOptions = {}): Msg {
  return new WireReader(buf, options.lazyRawFrom).message(spec, start, end);
}

class WireReader {
  pos = 0;
  lo = 0;
  hi = 0;
  /** The same bytes as a Buffer: its `toString('utf8', start, end)` decodes a name without a view per string. */
  private readonly text: Buffer;

  constructor(
    private readonly buf: Uint8Array,
    private readonly lazyRawFrom: number | undefined,
  ) {
    this.text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  message(spec: MessageSpec, start: number, end: number): Msg {
    const m: Msg = {};
    this.pos = start;
    while (this.pos < end) {
      const tag = this.varint(end);
      const id = tag >>> 3;
      const wire = tag & 7;
      const field = spec.fields[id];
      if (!field) {
        this.skip(wire, end);
        continue;
      }
      if (wire === 2) {
        const length = this.varint(end);
        const valueStart = this.pos;
        const valueEnd = valueStart + length;
        if (valueEnd > end) throw new WireError(`field ${field.name} of ${spec.name} runs past the end of its message`);
        let value: unknown;
        if (field.message) {
          value = this.message(field.message, valueStart, valueEnd);
        } else if (field.scalar === 'string') {
          value = this.text.toString('utf8', valueStart, valueEnd);
        } else if (field.scalar === 'bytes') {
          value = id === 9 && spec.name === 'TensorProto' && this.lazyRawFrom !== undefined ? new LazyRawData(this.lazyRawFrom + valueStart, length) : this.buf.subarray(valueStart, valueEnd);
        } else if (field.repeated) {
          // A packed run of numbers.
          const list = (m[field.name] as unknown[] | undefined) ?? [];
          this.pos = valueStart;
          while (this.pos < valueEnd) list.push(this.number(field, wireOf(field.scalar), valueEnd));
          m[field.name] = list;
          this.pos = valueEnd;
          continue;
        } else {
          throw new WireError(`field ${field.name} of ${spec.name} has wire type 2, not that of a ${field.scalar}`);
        }
        this.pos = valueEnd;
        set(m, field, value);
      } else {
        if (field.message || field.scalar === 'string' || field.scalar === 'bytes' || wire !== wireOf(field.scalar)) {
          throw new WireError(`field ${field.name} of ${spec.name} has wire type ${wire}`);
        }
        set(m, field, this.number(field, wire, end));
      }
    }
    return m;
  }

  private number(field: FieldSpec, wire: number, end: number): number | bigint {
    if (wire === 5) {
      if (this.pos + 4 > end) throw new WireError(`field ${field.name} runs past the end of its message`);
      const value = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getFloat32(0, true);
      this.pos += 4;
      return value;
    }
    if (wire === 1) {
      if (this.pos + 8 > end) throw new WireError(`field ${field.name} runs past the end of its message`);
      const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
      this.pos += 8;
      return field.scalar === 'double' ? view.getFloat64(0, true) : view.getBigUint64(0, true);
    }
    this.varintParts(end);
    if (field.scalar === 'int32') return this.lo | 0;
    // Below 2^53 a number is exact; larger or negative 64-bit values stay exact as bigints.
    if (this.hi < 0x200000) return this.hi * 0x100000000 + this.lo;
    const bits = (BigInt(this.hi) << 32n) | BigInt(this.lo);
    return field.scalar === 'uint64' ? bits : BigInt.asIntN(64, bits);
  }

  /** A varint that must fit 2^53 (tags, lengths). */
  private varint(end: number): number {
    this.varintParts(end);
    return this.hi * 0x100000000 + this.lo;
  }

  /** Reads a varint of up to 10 bytes into `lo`/`hi` (unsigned 32-bit halves). */
  private varintParts(end: number): void {
    const buf = this.buf;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new WireError('a varint runs past the end of its message');
      const b = buf[this.pos++] as number;
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi = (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (7 * (i - 5) + 3);
      if (b < 0x80) {
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    throw new WireError('a varint is longer than 10 bytes');
  }

  private skip(wire: number, end: number): void {
    if (wire === 0) this.varintParts(end);
    else if (wire === 1) this.pos += 8;
    else if (wire === 5) this.pos += 4;
    else if (wire === 2) this.pos += this.varint(end);
    else throw new WireError(`unexpected wire type ${wire}`);
    if (this.pos > end) throw new WireError('a field runs past the end of its message');
  }
}

function wireOf(scalar: Scalar | undefined): number {
  return scalar === 'float' ? 5 : scalar === 'double' ? 1 : 0;
}

function set(m: Msg, field: FieldSpec, value: unknown): void {
  if (!field.repeated) m[field.name] = value;
  else {
    const list = m[field.name] as unknown[] | undefined;
    if (list) list.push(value);
    else m[field.name] = [value];
  }
}
