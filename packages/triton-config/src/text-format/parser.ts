// The protobuf text-format reader, driven by the message descriptors. It accepts what protobuf's
// TextFormat::Parser accepts (so what Triton accepts): `#` comments, `:` optional before a message
// value, `{}` or `<>` delimiters, repeated fields as `[a, b]` lists or as repeated lines, several
// blocks of one repeated field (they concatenate), map entries `{ key: .. value: .. }`, `,`/`;`
// separators, and `True`/`t`/`1` booleans. Errors carry protobuf's wording and a 1-based line:col.
import { type FieldDescriptor, type MessageDescriptor, messageDescriptor, type ScalarType } from '../proto-schema.js';
import { parseScalar } from './scalars.js';
import { childKey, SourceMap } from './source-map.js';
import { syntaxError, type Token, tokenize } from './tokenizer.js';

export type ProtoMessage = Record<string, unknown>;

export interface ParsedText {
  value: ProtoMessage;
  /** Where each field, element and map entry sits in the text. */
  locations: SourceMap;
}

/** Parses `text` as the named message of model_config.proto (default `ModelConfig`). */
export function parseTextFormat(text: string, file = 'config.pbtxt', messageName = 'ModelConfig'): ParsedText {
  const parser = new Parser(tokenize(text, file), file);
  const locations = new SourceMap();
  parser.locations = locations;
  const value = parser.parseFields(messageDescriptor(messageName), '', null);
  return { value, locations };
}

const entryDescriptors = new Map<FieldDescriptor, MessageDescriptor>();

/** The synthetic `<Field>Entry { key = 1; value = 2; }` message protobuf gives a map field (made once per field). */
function mapEntryDescriptor(parent: MessageDescriptor, field: FieldDescriptor): MessageDescriptor {
  const known = entryDescriptors.get(field);
  if (known) return known;
  const made = makeEntryDescriptor(parent, field);
  entryDescriptors.set(field, made);
  return made;
}

function makeEntryDescriptor(parent: MessageDescriptor, field: FieldDescriptor): MessageDescriptor {
  const entryName = `${field.name.replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase())}Entry`;
  const key: FieldDescriptor = {
    name: 'key',
    number: 1,
    type: { kind: 'scalar', scalar: field.mapKey as ScalarType },
    repeated: false,
  };
  const value: FieldDescriptor = { name: 'value', number: 2, type: field.type, repeated: false };
  return { fullName: `${parent.fullName}.${entryName}`, fields: [key, value], byName: new Map([['key', key], ['value', value]]) };
}

class Parser {
  private pos = 0;
  locations = new SourceMap();

  constructor(
    private readonly tokens: Token[],
    private readonly file: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos] as Token;
  }
  private next(): Token {
    const t = this.tokens[this.pos] as Token;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  private fail(t: Token, message: string): never {
    throw syntaxError(this.file, t.line, t.column, message);
  }
  private isSymbol(t: Token, s: string): boolean {
    return t.kind === 'symbol' && t.text === s;
  }
  private found(t: Token): string {
    return t.kind === 'eof' ? 'end of file' : `"${t.text}"`;
  }

  /** Fields until `close` (or the end of the text for the top-level message). */
  parseFields(descriptor: MessageDescriptor, path: string, close: string | null): ProtoMessage {
    const message: ProtoMessage = {};
    const oneofSetBy = new Map<string, string>();
    for (;;) {
      const t = this.peek();
      if (close === null ? t.kind === 'eof' : this.isSymbol(t, close)) {
        this.next();
        return message;
      }
      if (t.kind !== 'ident') {
        if (t.kind === 'eof') this.fail(t, `Expected "${close}", found end of file.`);
        this.fail(t, `Expected identifier, got: ${t.text}`);
      }
      this.next();
      const field = descriptor.byName.get(t.text);
      if (!field) this.fail(t, `Message type "${descriptor.fullName}" has no field named "${t.text}".`);
      if (field.oneof) {
        const other = oneofSetBy.get(field.oneof);
        if (other !== undefined && other !== field.name)
          this.fail(
            t,
            `Field "${field.name}" is specified along with field "${other}", another member of oneof "${field.oneof}".`,
          );
        oneofSetBy.set(field.oneof, field.name);
      }
      const fieldPath = childKey(path, field.name);
      if (!this.locations.hasKey(fieldPath)) this.locations.setKey(fieldPath, t);
      this.parseFieldValue(descriptor, field, message, fieldPath, t);
      const sep = this.peek();
      if (this.isSymbol(sep, ',') || this.isSymbol(sep, ';')) this.next();
    }
  }

  private parseFieldValue(
    descriptor: MessageDescriptor,
    field: FieldDescriptor,
    message: ProtoMessage,
    path: string,
    nameToken: Token,
  ): void {
    const isMessage = field.type.kind === 'message' || field.mapKey !== undefined;
    const multi = field.repeated || field.mapKey !== undefined;
    if (!multi && field.name in message)
      this.fail(nameToken, `Non-repeated field "${field.name}" is specified multiple times.`);
    let t = this.peek();
    if (this.isSymbol(t, ':')) {
      this.next();
      t = this.peek();
    } else if (!isMessage) {
      this.fail(t, `Expected ":", found ${this.found(t)}.`);
    }
    const readOne = (): void => {
      if (isMessage) this.readMessageValue(descriptor, field, message, path);
      else this.storeScalar(field, message, path, this.readScalarValue(field));
    };
    if (multi && this.isSymbol(t, '[')) {
      this.next();
      if (this.isSymbol(this.peek(), ']')) {
        this.next();
        return;
      }
      for (;;) {
        readOne();
        const after = this.next();
        if (this.isSymbol(after, ']')) return;
        if (!this.isSymbol(after, ',')) this.fail(after, `Expected "]", found ${this.found(after)}.`);
      }
    }
    readOne();
  }

  private readMessageValue(
    descriptor: MessageDescriptor,
    field: FieldDescriptor,
    message: ProtoMessage,
    path: string,
  ): void {
    const open = this.next();
    const close = this.isSymbol(open, '{') ? '}' : this.isSymbol(open, '<') ? '>' : null;
    if (close === null) this.fail(open, `Expected "{", found ${this.found(open)}.`);
    if (field.mapKey !== undefined) {
      const entryDescriptor = mapEntryDescriptor(descriptor, field);
      const entryLocations = new SourceMap();
      const saved = this.locations;
      this.locations = entryLocations;
      const entry = this.parseFields(entryDescriptor, '', close);
      this.locations = saved;
      const key = entry.key ?? (field.mapKey === 'string' ? '' : 0);
      const map = (message[field.name] ?? {}) as Record<string, unknown>;
      // An entry without `value` holds the value type's default (model_config.proto's maps have
      // message or string values only).
      const value = entry.value ?? (field.type.kind === 'message' ? {} : '');
      map[String(key)] = value;
      message[field.name] = map;
      const entryPath = childKey(path, String(key));
      this.locations.setKey(entryPath, open);
      entryLocations.copyInto(this.locations, entryPath);
      return;
    }
    const index = field.repeated ? ((message[field.name] as unknown[] | undefined)?.length ?? 0) : -1;
    const childPath = field.repeated ? childKey(path, index) : path;
    if (field.repeated) this.locations.setKey(childPath, open);
    const child = this.parseFields(messageDescriptor((field.type as { message: string }).message), childPath, close);
    if (field.repeated) {
      const list = (message[field.name] ?? []) as unknown[];
      list.push(child);
      message[field.name] = list;
    } else {
      message[field.name] = child;
    }
  }

  private readScalarValue(field: FieldDescriptor): { value: unknown; token: Token } {
    const first = this.next();
    let negative = false;
    let t = first;
    if (this.isSymbol(first, '-')) {
      negative = true;
      t = this.next();
    }
    if (field.type.kind === 'scalar' && field.type.scalar === 'string') {
      if (t.kind !== 'string' || negative) this.fail(t, `Expected string, got: ${t.text}`);
      let text = t.text;
      // Adjacent string literals concatenate, as in C.
      while (this.peek().kind === 'string') text += this.next().text;
      return { value: text, token: first };
    }
    const result = parseScalar(field, t, negative);
    if (typeof result === 'string') this.fail(t, result);
    return { value: result.value, token: first };
  }

  private storeScalar(field: FieldDescriptor, message: ProtoMessage, path: string, read: { value: unknown; token: Token }): void {
    if (field.repeated) {
      const list = (message[field.name] ?? []) as unknown[];
      this.locations.setKey(childKey(path, list.length), read.token);
      list.push(read.value);
      message[field.name] = list;
    } else {
      message[field.name] = read.value;
    }
  }
}
