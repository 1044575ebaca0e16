import { parseResponseHead, type ResponseHead } from './response-head.js';

/** What a `feed` found: the response needs more bytes, ended (at `consumed`), or is not HTTP/1.x. */
export type FeedOutcome = 'more' | 'complete' | 'malformed';

// Where a response's bytes are, between reads (plain numbers: V8 compares them without a lookup).
const HEAD = 0;
const LENGTH = 1;
const CHUNK_SIZE = 2;
const CHUNK_EXTENSION = 3;
const CHUNK_SIZE_LF = 4;
const CHUNK_DATA = 5;
const CHUNK_DATA_CR = 6;
const CHUNK_DATA_LF = 7;
const TRAILER_LINE_START = 8;
const TRAILER_LINE = 9;
const TRAILER_LINE_LF = 10;
const TRAILER_END_LF = 11;
const UNTIL_CLOSE = 12;
const DONE = 13;

/** A head larger than this is refused (nginx's and Node's default limits are 8–16 KiB). */
const MAX_HEAD_BYTES = 64 * 1024;
/** A chunk size past this (2^40) is nonsense from a server that lost its framing. */
const MAX_CHUNK_SIZE = 2 ** 40;
const CR = 13;
const LF = 10;

/**
 * Frames one HTTP/1.x response incrementally, read by read, as the load generator needs it: the
 * status, where the head ends, and where the body ends (Content-Length, chunked, or the connection's
 * close, RFC 9112 §6.3) — never copying or decoding the body. The head is scanned in place when it
 * arrives in one read (the usual case) and only copied when it is split across reads; the body is
 * skipped in bulk, and a chunked body is followed byte by byte only through its size lines, so a split
 * at any offset gives the same result as one read.
 */
export class ResponseParser {
  private phase = HEAD;
  private readonly head: ResponseHead = { status: 0, closeAfter: false, contentLength: -1, chunked: false, interim: false };
  private carry: Buffer = Buffer.alloc(0);
  private carried = 0;
  private remaining = 0;
  private chunkDigits = 0;
  /** The final response's status; 0 until its head is read. */
  status = 0;
  /** The server asked to close the connection after this response (or it is framed by the close). */
  closeAfter = false;
  /** Body bytes read (the payload: chunk framing not included). */
  bodyBytes = 0;
  /** After a `complete` feed: where in the fed bytes the response ended (anything after is not ours). */
  consumed = 0;

  /** Starts a new response (the load generator sends GET and POST, never HEAD, so a body follows its framing). */
  reset(): void {
    this.phase = HEAD;
    this.carried = 0;
    this.status = 0;
    this.closeAfter = false;
    this.bodyBytes = 0;
    this.consumed = 0;
  }

  /** True once the final response's head has been read. */
  get headRead(): boolean {
    return this.phase !== HEAD;
  }

  /** Reads `bytes[start, end)`, the next bytes of the connection. */
  feed(bytes: Uint8Array, start: number, end: number): FeedOutcome {
    if (this.phase === DONE) return 'malformed'; // bytes after the response ended
    let at = start;
    while (this.phase === HEAD) {
      if (at >= end) return 'more';
      const headEnd = this.readHead(bytes, at, end);
      if (headEnd === -1) return 'more';
      if (headEnd === -2) return 'malformed';
      at = headEnd;
    }
    return this.readBody(bytes, at, end);
  }

  /** The connection closed: completes a response framed by the close, else it was cut short. */
  closed(): FeedOutcome {
    if (this.phase !== UNTIL_CLOSE) return 'malformed';
    this.phase = DONE;
    return 'complete';
  }

  /** Reads a head from `at` (after any carried bytes); the index in `bytes` after it, -1 for more, -2 malformed. */
  private readHead(bytes: Uint8Array, at: number, end: number): number {
    let headEnd: number;
    if (this.carried === 0) {
      headEnd = parseResponseHead(bytes, at, end, this.head);
      if (headEnd === -1) this.keep(bytes, at, end);
    } else {
      const before = this.carried;
      this.keep(bytes, at, end);
      const inCarry = parseResponseHead(this.carry, 0, this.carried, this.head);
      // The head ends in the new bytes (the carried ones alone were incomplete): map back into `bytes`.
      headEnd = inCarry < 0 ? inCarry : at + (inCarry - before);
      if (inCarry >= 0) this.carried = 0;
    }
    if (headEnd === -1 && this.carried > MAX_HEAD_BYTES) return -2;
    if (headEnd < 0) return headEnd;
    if (this.head.interim) return headEnd; // a 1xx: the final response's head follows
    this.startBody();
    return headEnd;
  }

  /** Copies an incomplete head's bytes until the rest arrives. */
  private keep(bytes: Uint8Array, at: number, end: number): void {
    const need = this.carried + (end - at);
    if (need > this.carry.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, 2 * this.carry.length, 1024));
      this.carry.copy(grown, 0, 0, this.carried);
      this.carry = grown;
    }
    this.carry.set(bytes.subarray(at, end), this.carried);
    this.carried = need;
  }

  /** Chooses the body's framing from the head (RFC 9112 §6.3). */
  private startBody(): void {
    const head = this.head;
    this.status = head.status;
    this.closeAfter = head.closeAfter;
    if (head.status === 204 || head.status === 304) this.phase = DONE;
    else if (head.chunked) {
      this.phase = CHUNK_SIZE;
      this.remaining = 0;
      this.chunkDigits = 0;
    } else if (head.contentLength >= 0) {
      this.remaining = head.contentLength;
      this.phase = head.contentLength === 0 ? DONE : LENGTH;
    } else {
      this.phase = UNTIL_CLOSE;
      this.closeAfter = true;
    }
  }

  private readBody(bytes: Uint8Array, start: number, end: number): FeedOutcome {
    let at = start;
    while (this.phase !== DONE) {
      if (at >= end) return 'more';
      switch (this.phase) {
        case LENGTH:
        case CHUNK_DATA: {
          const take = Math.min(this.remaining, end - at);
          this.remaining -= take;
          this.bodyBytes += take;
          at += take;
          if (this.remaining === 0) this.phase = this.phase === LENGTH ? DONE : CHUNK_DATA_CR;
          break;
        }
        case UNTIL_CLOSE:
          this.bodyBytes += end - at;
          return 'more';
        case CHUNK_SIZE: {
          const b = bytes[at++] as number;
          const digit = hexValue(b);
          if (digit >= 0) {
            this.remaining = this.remaining * 16 + digit;
            this.chunkDigits++;
            if (this.remaining > MAX_CHUNK_SIZE) return 'malformed';
          } else if (this.chunkDigits === 0) return 'malformed';
          else if (b === CR) this.phase = CHUNK_SIZE_LF;
          else if (b === 0x3b || b === 0x20 || b === 0x09) this.phase = CHUNK_EXTENSION; // ';' or BWS before it
          else return 'malformed';
          break;
        }
        case CHUNK_EXTENSION:
          if (bytes[at++] === CR) this.phase = CHUNK_SIZE_LF;
          break;
        case CHUNK_SIZE_LF:
          if (bytes[at++] !== LF) return 'malformed';
          this.phase = this.remaining === 0 ? TRAILER_LINE_START : CHUNK_DATA;
          break;
        case CHUNK_DATA_CR:
          if (bytes[at++] !== CR) return 'malformed';
          this.phase = CHUNK_DATA_LF;
          break;
        case CHUNK_DATA_LF:
          if (bytes[at++] !== LF) return 'malformed';
          this.phase = CHUNK_SIZE;
          this.chunkDigits = 0;
          break;
        case TRAILER_LINE_START:
          this.phase = bytes[at++] === CR ? TRAILER_END_LF : TRAILER_LINE;
          break;
        case TRAILER_LINE:
          if (bytes[at++] === CR) this.phase = TRAILER_LINE_LF;
          break;
        case TRAILER_LINE_LF:
          if (bytes[at++] !== LF) return 'malformed';
          this.phase = TRAILER_LINE_START;
          break;
        case TRAILER_END_LF:
          if (bytes[at++] !== LF) return 'malformed';
          this.phase = DONE;
          break;
      }
    }
    this.consumed = at;
    return 'complete';
  }
}

/** The value of an ASCII hex digit, or -1. */
function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const lower = b | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}
