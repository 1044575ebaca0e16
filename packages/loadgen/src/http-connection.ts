import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';

/** The outcome of one request on a connection. */
export type Completion = { ok: true; status: number; headersAt: number } | { ok: false; kind: string };

export interface ConnectionTarget {
  host: string;
  port: number;
  secure: boolean;
  tls?: { ca?: string; reject_unauthorized?: boolean } | undefined;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

/** Where a response's body ends, once its headers are read. */
type BodyRule = { kind: 'length'; end: number } | { kind: 'chunked'; from: number } | { kind: 'none' };

/**
 * One HTTP/1.1 keep-alive connection that carries one request at a time: the request bytes are
 * prepared once, and the response is read only as far as the load generator needs (status, where
 * the headers end, Content-Length or chunked framing). No promise, stream or timer per request — that
 * per-request machinery is what capped a general-purpose client (undici's pool) at ~0.2× wrk on
 * loopback. Timeouts are enforced by the engine's sweeper through `startedAt`/`expire`.
 */
export class HttpConnection {
  private socket: net.Socket | undefined;
  private chunks: Buffer[] = [];
  private readonly readBuffer = Buffer.allocUnsafe(64 * 1024);
  private buffered = 0;
  private headersAt = 0;
  private status = 0;
  private body: BodyRule | undefined;
  private closeAfter = false;
  private done: ((c: Completion) => void) | undefined;
  /** When the request in flight (or the connect before it) started; 0 when idle. */
  startedAt = 0;

  constructor(
    private readonly target: ConnectionTarget,
    private readonly connectTimeoutMs: number,
  ) {}

  get busy(): boolean {
    return this.done !== undefined;
  }

  /** Sends `request` (the whole HTTP request's bytes) and calls `done` once with its outcome. */
  send(request: Buffer, done: (c: Completion) => void): void {
    this.done = done;
    this.startedAt = performance.now();
    this.chunks = [];
    this.buffered = 0;
    this.body = undefined;
    this.headersAt = 0;
    const socket = this.socket ?? this.connect();
    socket.write(request);
  }

  /** Ends the request in flight as `kind` (a timeout) and drops the connection. */
  expire(kind: string): void {
    this.fail(kind);
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): net.Socket {
    const { host, port } = this.target;
    // Plain TCP reads into one reused buffer through `onread`, skipping the stream machinery per
    // response (a response that fits one read is parsed in place, never copied); TLS uses 'data'.
    const socket = this.target.secure
      ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ca: this.target.tls?.ca, rejectUnauthorized: this.target.tls?.reject_unauthorized ?? true })
      : net.connect({
          host,
          port,
          onread: {
            buffer: this.readBuffer,
            callback: (nread: number, buffer: Uint8Array) => {
              if (this.socket === socket) this.onData(Buffer.from(buffer.buffer, buffer.byteOffset, nread), true);
              return true;
            },
          },
        });
    socket.setNoDelay(true);
    socket.setTimeout(this.connectTimeoutMs, () => {
      if (socket.connecting) this.fail('connect_timeout');
    });
    socket.once(this.target.secure ? 'secureConnect' : 'connect', () => socket.setTimeout(0));
    // A socket this connection has already dropped may still report; only the current one counts.
    socket.on('data', (data: Buffer) => {
      if (this.socket === socket) this.onData(data, false);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (this.socket === socket) this.fail(socketErrorKind(error));
    });
    socket.on('close', () => {
      if (this.socket === socket) this.fail('reset');
    });
    this.socket = socket;
    return socket;
  }

  private fail(kind: string): void {
    const done = this.done;
    this.close();
    if (!done) return;
    this.done = undefined;
    this.startedAt = 0;
    done({ ok: false, kind });
  }

  private finish(): void {
    const done = this.done;
    this.done = undefined;
    this.startedAt = 0;
    if (this.closeAfter) this.close();
    done?.({ ok: true, status: this.status, headersAt: this.headersAt });
  }

  /** `reused`: `data` lives in the read buffer and must be copied if it is kept past this call. */
  private onData(data: Buffer, reused: boolean): void {
    if (!this.done) {
      this.close(); // bytes nobody asked for: the connection is out of step
      return;
    }
    const all = this.buffered === 0 ? data : Buffer.concat([...this.chunks, data]);
    if (this.responseComplete(all)) this.finish();
    else this.keep(all, reused);
  }

  private responseComplete(all: Buffer): boolean {
    if (!this.body && !this.readHeaders(all)) return false;
    const body = this.body as BodyRule;
    if (body.kind === 'none') return true;
    if (body.kind === 'length') return all.length >= body.end;
    return chunkedComplete(all, body.from);
  }

  /** Keeps the bytes of an incomplete response until the rest arrives. */
  private keep(all: Buffer, reused: boolean): void {
    this.chunks = [reused && this.buffered === 0 ? Buffer.from(all) : all];
    this.buffered = all.length;
  }

  /** Reads the status line and the framing headers; false until the headers are all in. */
  private readHeaders(all: Buffer): boolean {
    const end = all.indexOf(HEADER_END);
    if (end < 0) return false;
    this.headersAt = performance.now();
    this.status = (all[9] as number) * 100 + (all[10] as number) * 10 + (all[11] as number) - 111 * 48;
    const head = all.toString('latin1', 0, end);
    this.closeAfter = /\r\nconnection:\s*close/i.test(head);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (/\r\ntransfer-encoding:[^\r]*chunked/i.test(head)) this.body = { kind: 'chunked', from: end + 4 };
    else if (length) this.body = { kind: 'length', end: end + 4 + Number(length[1]) };
    else this.body = { kind: 'none' };
    return true;
  }
}

/** True when the chunked body starting at `from` has reached its last (zero-size) chunk and final CRLF. */
function chunkedComplete(all: Buffer, from: number): boolean {
  let at = from;
  for (;;) {
    const lineEnd = all.indexOf(CRLF, at);
    if (lineEnd < 0) return false;
    const size = Number.parseInt(all.toString('latin1', at, lineEnd), 16);
    if (Number.isNaN(size)) return false;
    if (size === 0) return all.indexOf(CRLF, lineEnd + 2) >= 0;
    at = lineEnd + 2 + size + 2;
    if (at > all.length) return false;
  }
}

export function socketErrorKind(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns';
    default:
      return error.code?.includes('CERT') || error.code?.startsWith('ERR_TLS') ? 'tls' : 'other';
  }
}

/** The bytes of one request, built once per body and reused for every send. */
export function requestBytes(url: URL, method: string, headers: Record<string, string>, body: Uint8Array | undefined): Buffer {
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== undefined) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return body === undefined ? head : Buffer.concat([head, body]);
}
