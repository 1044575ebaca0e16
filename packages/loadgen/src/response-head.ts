/** What the load generator needs from a response's head. */
export interface ResponseHead {
  status: number;
  /** `Connection: close`, or HTTP/1.0 without `keep-alive`. */
  closeAfter: boolean;
  /** -1 when absent (or overridden by Transfer-Encoding, RFC 9112 §6.3 rule 3). */
  contentLength: number;
  /** Transfer-Encoding's last coding is `chunked`. */
  chunked: boolean;
  /** A 1xx interim response: the final one follows on the same connection. */
  interim: boolean;
}

const CR = 13;
const LF = 10;
const COLON = 0x3a;
const COMMA = 0x2c;
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const HTTP_1 = ascii('HTTP/1.');
const CONTENT_LENGTH = ascii('content-length');
const CONNECTION = ascii('connection');
const TRANSFER_ENCODING = ascii('transfer-encoding');
const CLOSE = ascii('close');
const KEEP_ALIVE = ascii('keep-alive');
const CHUNKED = ascii('chunked');

/**
 * Reads a response head from `bytes[start, end)` into `into`: the index just after its blank line,
 * -1 when the head is not all there yet, -2 when it is not an HTTP/1.x head. One pass over the bytes
 * with no string built: only the lines starting with `c`/`t` are compared with the three field names
 * the framing needs (case-insensitively, RFC 9110 §5.1); line ends are LF with an optional CR before it.
 */
export function parseResponseHead(bytes: Uint8Array, start: number, end: number, into: ResponseHead): number {
  const available = end - start;
  for (let i = 0; i < HTTP_1.length && i < available; i++) if (bytes[start + i] !== HTTP_1[i]) return -2;
  if (available < 13) return -1;
  const minor = bytes[start + 7] as number;
  const status = digit(bytes[start + 9]) * 100 + digit(bytes[start + 10]) * 10 + digit(bytes[start + 11]);
  if ((minor !== 0x30 && minor !== 0x31) || bytes[start + 8] !== 0x20 || !(status >= 100 && status <= 999)) return -2;
  const afterStatus = bytes[start + 12];
  if (afterStatus !== 0x20 && afterStatus !== CR && afterStatus !== LF) return -2;
  let at = lineEnd(bytes, start + 12, end);
  if (at < 0) return -1;
  let contentLength = -1;
  let transferEncoding = false;
  let chunked = false;
  let close = false;
  let keepAlive = false;
  let headEnd: number;
  for (;;) {
    at++; // past the LF
    if (at >= end) return -1;
    const first = bytes[at] as number;
    if (first === LF) {
      headEnd = at + 1;
      break;
    }
    if (first === CR) {
      if (at + 1 >= end) return -1;
      if (bytes[at + 1] !== LF) return -2;
      headEnd = at + 2;
      break;
    }
    const lf = lineEnd(bytes, at, end);
    if (lf < 0) return -1;
    const valueEnd = lf > at && bytes[lf - 1] === CR ? lf - 1 : lf;
    const lower = first | 0x20;
    if (lower === 0x63 && isName(bytes, at, valueEnd, CONTENT_LENGTH)) {
      const length = decimal(bytes, at + CONTENT_LENGTH.length + 1, valueEnd);
      if (length < 0 || (contentLength >= 0 && length !== contentLength)) return -2;
      contentLength = length;
    } else if (lower === 0x63 && isName(bytes, at, valueEnd, CONNECTION)) {
      const from = at + CONNECTION.length + 1;
      close ||= hasToken(bytes, from, valueEnd, CLOSE);
      if (minor === 0x30) keepAlive ||= hasToken(bytes, from, valueEnd, KEEP_ALIVE); // only HTTP/1.0 needs it
    } else if (lower === 0x74 && isName(bytes, at, valueEnd, TRANSFER_ENCODING)) {
      transferEncoding = true;
      chunked = lastTokenIs(bytes, at + TRANSFER_ENCODING.length + 1, valueEnd, CHUNKED);
    }
    at = lf;
  }
  into.status = status;
  into.interim = status < 200;
  into.chunked = chunked;
  // A Transfer-Encoding overrides Content-Length; one that does not end in chunked runs to the close.
  into.contentLength = transferEncoding ? -1 : contentLength;
  into.closeAfter = close || (minor === 0x30 && !keepAlive);
  return headEnd;
}

function digit(b: number | undefined): number {
  return b !== undefined && b >= 0x30 && b <= 0x39 ? b - 0x30 : Number.NaN;
}

/** The index of the LF ending the line that contains `from`, or -1 when it has not arrived. */
function lineEnd(bytes: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) if (bytes[i] === LF) return i;
  return -1;
}

/** The line at `at` is the field `name` (given in lower case) followed by its colon. */
function isName(bytes: Uint8Array, at: number, end: number, name: Uint8Array): boolean {
  if (end - at <= name.length || bytes[at + name.length] !== COLON) return false;
  for (let i = 1; i < name.length; i++) if (((bytes[at + i] as number) | 0x20) !== name[i]) return false;
  return true;
}

/** A field value that is 1*DIGIT between optional whitespace; -1 otherwise. */
function decimal(bytes: Uint8Array, from: number, to: number): number {
  const s = skipSpace(bytes, from, to);
  const e = trimEnd(bytes, s, to);
  if (s === e || e - s > 15) return -1;
  let value = 0;
  for (let i = s; i < e; i++) {
    const d = digit(bytes[i]);
    if (Number.isNaN(d)) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Whether the comma-separated list in `bytes[from, to)` holds `token` (lower case), case-insensitively. */
function hasToken(bytes: Uint8Array, from: number, to: number, token: Uint8Array): boolean {
  let itemStart = from;
  for (let i = from; i <= to; i++) {
    if (i < to && bytes[i] !== COMMA) continue;
    const s = skipSpace(bytes, itemStart, i);
    if (equalsLower(bytes, s, trimEnd(bytes, s, i), token)) return true;
    itemStart = i + 1;
  }
  return false;
}

/** Whether the last item of the comma-separated list in `bytes[from, to)` is `token`. */
function lastTokenIs(bytes: Uint8Array, from: number, to: number, token: Uint8Array): boolean {
  let itemStart = from;
  for (let i = from; i < to; i++) if (bytes[i] === COMMA) itemStart = i + 1;
  const s = skipSpace(bytes, itemStart, to);
  return equalsLower(bytes, s, trimEnd(bytes, s, to), token);
}

function equalsLower(bytes: Uint8Array, s: number, e: number, token: Uint8Array): boolean {
  if (e - s !== token.length) return false;
  for (let i = 0; i < token.length; i++) if (((bytes[s + i] as number) | 0x20) !== token[i]) return false;
  return true;
}

// Optional whitespace (spaces and tabs, RFC 9110 §5.6.3) around values and list items.
function skipSpace(bytes: Uint8Array, from: number, to: number): number {
  let s = from;
  while (s < to && (bytes[s] === 0x20 || bytes[s] === 0x09)) s++;
  return s;
}

function trimEnd(bytes: Uint8Array, from: number, to: number): number {
  let e = to;
  while (e > from && (bytes[e - 1] === 0x20 || bytes[e - 1] === 0x09)) e--;
  return e;
}
