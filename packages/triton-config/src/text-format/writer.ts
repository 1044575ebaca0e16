// The canonical writer: fields in model_config.proto's declaration order, two-space indentation,
// repeated scalars as `[ a, b ]` lists, repeated messages as one `field [ {..}, {..} ]` block, maps as
// `field { key: .. value: .. }` entries. What the reader reads back from it is the value written.
import { PipelineError } from '@pipeline/errors';
import { type FieldDescriptor, type MessageDescriptor, messageDescriptor } from '../proto-schema.js';
import type { ProtoMessage } from './parser.js';

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function quoteString(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0) as number;
    out += ESCAPES[c] ?? (code < 0x20 || code === 0x7f ? `\\${code.toString(8).padStart(3, '0')}` : c);
  }
  return `${out}"`;
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Number.POSITIVE_INFINITY) return 'inf';
  if (n === Number.NEGATIVE_INFINITY) return '-inf';
  return String(n);
}

function formatScalar(field: FieldDescriptor, value: unknown): string {
  if (field.type.kind === 'enum') return String(value);
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value);
  throw new PipelineError('E_PBTXT_VALUE', `field "${field.name}" holds ${typeof value}, not a ${describe(field)}`);
}

function describe(field: FieldDescriptor): string {
  return field.type.kind === 'scalar' ? field.type.scalar : field.type.kind === 'enum' ? field.type.enum : 'message';
}

class Writer {
  private readonly lines: string[] = [];

  message(descriptor: MessageDescriptor, value: ProtoMessage, indent: string): void {
    for (const key of Object.keys(value)) {
      if (!descriptor.byName.has(key) && value[key] !== undefined)
        throw new PipelineError('E_PBTXT_UNKNOWN_FIELD', `Message type "${descriptor.fullName}" has no field named "${key}".`);
    }
    for (const field of descriptor.fields) {
      const v = value[field.name];
      if (v === undefined) continue;
      if (field.mapKey !== undefined) this.map(field, v as Record<string, unknown>, indent);
      else if (field.repeated) this.repeated(field, v as unknown[], indent);
      else if (field.type.kind === 'message') this.block(field.name, field, v as ProtoMessage, indent);
      else this.lines.push(`${indent}${field.name}: ${formatScalar(field, v)}`);
    }
  }

  /** `label {` … `}` at `indent`; an element of a repeated field has no label. */
  private block(label: string, field: FieldDescriptor, value: ProtoMessage, indent: string, tail = ''): void {
    const descriptor = messageDescriptor((field.type as { message: string }).message);
    const head = label === '' ? indent : `${indent}${label} `;
    if (Object.values(value).every((v) => v === undefined)) {
      this.lines.push(`${head}{ }${tail}`);
      return;
    }
    this.lines.push(`${head}{`);
    this.message(descriptor, value, `${indent}  `);
    this.lines.push(`${indent}}${tail}`);
  }

  private repeated(field: FieldDescriptor, list: unknown[], indent: string): void {
    if (list.length === 0) return;
    if (field.type.kind !== 'message') {
      this.lines.push(`${indent}${field.name}: [ ${list.map((v) => formatScalar(field, v)).join(', ')} ]`);
      return;
    }
    this.lines.push(`${indent}${field.name} [`);
    list.forEach((item, i) => {
      this.block('', field, item as ProtoMessage, `${indent}  `, i < list.length - 1 ? ',' : '');
    });
    this.lines.push(`${indent}]`);
  }

  private map(field: FieldDescriptor, map: Record<string, unknown>, indent: string): void {
    for (const [key, value] of Object.entries(map)) {
      this.lines.push(`${indent}${field.name} {`);
      const inner = `${indent}  `;
      this.lines.push(`${inner}key: ${field.mapKey === 'string' ? quoteString(key) : key}`);
      if (field.type.kind === 'message') this.block('value', field, value as ProtoMessage, inner);
      else this.lines.push(`${inner}value: ${formatScalar(field, value)}`);
      this.lines.push(`${indent}}`);
    }
  }

  text(): string {
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }
}

/** Writes `value` as protobuf text format for the named message (default `ModelConfig`). */
export function writeTextFormat(value: ProtoMessage, messageName = 'ModelConfig'): string {
  const writer = new Writer();
  writer.message(messageDescriptor(messageName), value, '');
  return writer.text();
}
