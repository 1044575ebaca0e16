import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { ResponseParser } from './response-parser.js';
import type { LoadTls } from '@pipeline/kserve-client/tls-settings';

/**
 * The outcome of one request on a connection. Times are `performance.now()` ms: `sentAt` just before
 * the request's bytes were written (or before the connect a new connection needed), `headersAt` after
 * the read that completed the head, `endedAt` after the read that completed the response was parsed —
 * wrk's two timestamps, so the latency covers write → full response.
 */
export type Completion = { ok: true; status: number; sentAt: number; headersAt: number; endedAt: number } | { ok: false; kind: string };

export interface ConnectionTarget {
  host: string;
  port: number;
  secure: boolean;
  tls?: LoadTls | undefined;
}

/**
 * One HTTP/1.1 keep-alive connection that carries one request at a time: the request bytes are
 * prepared once, and the response is framed in place by a `ResponseParser` (status, head, Content-Length,
 * chunked or close) without building a string or copying the body. No promise, stream read or timer per
 * request — that per-request machinery is what capped a general-purpose client (undici's pool) at ~0.2×
 * wrk on loopback. Timeouts are enforced by the engine's sweeper through `startedAt`/`expire`.
 */
export class HttpConnection {
  private socket: net.Socket | undefined;
  private readonly readBuffer = Buffer.allocUnsafe(64 * 1024);
  private readonly parser = new ResponseParser();
  private headersAt = 0;
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
    this.parser.reset();
    this.headersAt = 0;
    const socket = this.socket ?? this.connect();
    this.startedAt = performance.now();
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
    // response (parsed in place, never copied); TLS uses 'data'.
    const socket = this.target.secure
      ? tls.connect({ host, port, ...tlsConnectOptions(host, this.target.tls) })
      : net.connect({
          host,
          port,
          onread: {
            buffer: this.readBuffer,
            callback: (nread: number, buffer: Uint8Array) => {
              if (this.socket === socket) this.onData(buffer, nread);
              return true;
            },
          },
        });
    // Nagle would hold a request written while an ACK is outstanding; each request is one write anyway.
    socket.setNoDelay(true);
    socket.setTimeout(this.connectTimeoutMs, () => {
      if (socket.connecting) this.fail('connect_timeout');
    });
    socket.once(this.target.secure ? 'secureConnect' : 'connect', () => socket.setTimeout(0));
    // A socket this connection has already dropped may still report; only the current one counts.
    socket.on('data', (data: Buffer) => {
      if (this.socket === socket) this.onData(data, data.length);
    });
    socket.on('end', () => {
      if (this.socket === socket) this.onEnd();
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

  private finish(endedAt: number, outOfStep: boolean): void {
    const done = this.done as (c: Completion) => void;
    const sentAt = this.startedAt;
    this.done = undefined;
    this.startedAt = 0;
    if (this.parser.closeAfter || outOfStep) this.close();
    done({ ok: true, status: this.parser.status, sentAt, headersAt: this.headersAt || endedAt, endedAt });
  }

  private onData(bytes: Uint8Array, length: number): void {
    if (!this.done) {
      this.close(); // bytes nobody asked for: the connection is out of step
      return;
    }
    const outcome = this.parser.feed(bytes, 0, length);
    if (outcome === 'complete') {
      // Bytes past the response's end are not an answer to anything: finish, then drop the connection.
      this.finish(performance.now(), this.parser.consumed < length);
    } else if (outcome === 'malformed') this.fail('bad_response');
    else if (this.headersAt === 0 && this.parser.headRead) this.headersAt = performance.now();
  }

  /** The server closed its side: that ends a response framed by the close; any other is cut short. */
  private onEnd(): void {
    if (this.done && this.parser.closed() === 'complete') this.finish(performance.now(), false);
    else this.fail('reset');
  }
}

/**
 * `tls.connect` options for the target's settings. SNI is the expected server name when given, else the
 * host unless it is an IP address (SNI carries names only); Node verifies the certificate against that
 * same name, so `servername` is how an IP or internal-name URL checks the certificate's real name.
 */
export function tlsConnectOptions(host: string, settings: LoadTls | undefined): tls.ConnectionOptions {
  const options: tls.ConnectionOptions = { rejectUnauthorized: settings?.reject_unauthorized ?? true };
  const servername = settings?.servername ?? (net.isIP(host) ? undefined : host);
  if (servername !== undefined) options.servername = servername;
  if (settings?.ca !== undefined) options.ca = settings.ca;
  if (settings?.cert !== undefined) options.cert = settings.cert;
  if (settings?.key !== undefined) options.key = settings.key;
  return options;
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
      return error.code?.includes('CERT') || error.code?.startsWith('ERR_TLS') || error.code?.startsWith('ERR_SSL') ? 'tls' : 'other';
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
