import { InterruptedError, UsageError } from '@pipeline/errors';
import { Agent, type Dispatcher, request } from 'undici';
import { KServeCode } from './codes.js';
import { KSERVE_ERROR_CODES, KServeError, type KServeErrorCode } from './errors.js';
import { serverBaseUrl, serverUrlProblem } from './server-url.js';
import { refusesClientCertificate, tlsRefusalCode } from './tls-diagnosis.js';

export interface TlsOptions {
  /** PEM certificate(s) of the CA that signed the server's certificate (default: Node's bundle). */
  ca?: string | Buffer;
  /** Client certificate and key, for servers that ask for mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Default true. false accepts any certificate: for a local test server only. */
  rejectUnauthorized?: boolean;
  /** Host name the certificate must carry, when it differs from the URL's. */
  servername?: string;
}

export interface HttpOptions {
  /** `http://host:8000` or `https://…`; a path prefix (a gateway's route) is kept. */
  url: string;
  /** Sent with every request (e.g. a gateway's API key header). */
  headers?: Record<string, string>;
  /** `Authorization: Bearer …` or HTTP Basic. */
  auth?: { bearer: string } | { username: string; password: string };
  tls?: TlsOptions;
  /** Per call, from sending to the last body byte (default 30 s). */
  timeoutMs?: number;
  /** Connections kept to the server (default 16): the most requests in flight at once without queueing. */
  connections?: number;
}

export interface CallOptions {
  body?: Buffer | string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Maps an HTTP error status to a code other than the default (load/unload's 503 means poll mode). */
  statusCode?: (status: number) => KServeErrorCode | undefined;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    if (e instanceof AggregateError) for (const inner of e.errors) codes.push(...errorCodes(inner));
  }
  return codes;
}

const isTlsCode = (code: string) => code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code);

function statusToCode(status: number): KServeErrorCode {
  if (status === 400) return KSERVE_ERROR_CODES.badRequest;
  if (status === 401 || status === 403) return KSERVE_ERROR_CODES.auth;
  if (status === 404) return KSERVE_ERROR_CODES.notFound;
  if (status === 503) return KSERVE_ERROR_CODES.unavailable;
  return KSERVE_ERROR_CODES.server;
}

function serverMessageOf(body: Uint8Array): string | undefined {
  try {
    const json = JSON.parse(Buffer.from(body).toString('utf8')) as { error?: unknown };
    return typeof json.error === 'string' ? json.error : undefined;
  } catch {
    return undefined;
  }
}

/** One server's HTTP connection pool (undici), with auth headers, TLS and a timeout on every call. */
export class HttpTransport {
  readonly baseUrl: string;
  private readonly dispatcher: Dispatcher;
  private readonly connect: Record<string, unknown>;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(options: HttpOptions) {
    const problem = serverUrlProblem(options.url);
    if (problem !== undefined) throw new UsageError(KServeCode.Url, `server URL ${problem}`);
    this.baseUrl = serverBaseUrl(options.url);
    const connect: Record<string, unknown> = {};
    for (const key of ['ca', 'cert', 'key', 'rejectUnauthorized', 'servername'] as const) if (options.tls?.[key] !== undefined) connect[key] = options.tls[key];
    this.connect = connect;
    this.dispatcher = new Agent({ connections: options.connections ?? 16, connect });
    this.headers = { ...options.headers };
    const { auth } = options;
    if (auth !== undefined) {
      this.headers.authorization = 'bearer' in auth ? `Bearer ${auth.bearer}` : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    }
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Sends one request; a non-2xx answer, a timeout or a network failure is a KServeError. */
  async call(method: 'GET' | 'POST', url: string, options: CallOptions = {}): Promise<HttpAnswer> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    // One controller and a timer cleared on the answer, not AbortSignal.timeout(): those stay alive (and
    // hold their timer) for the whole timeout after the call, so thousands of calls a second kept tens of
    // thousands of them on the heap and the client spent its time collecting garbage.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const userSignal = options.signal;
    const onUserAbort = () => timeout.abort();
    userSignal?.addEventListener('abort', onUserAbort, { once: true });
    if (userSignal?.aborted) timeout.abort();
    const where = `${method} ${url}`;
    let answer: HttpAnswer;
    try {
      const headers = options.headers === undefined ? this.headers : { ...this.headers, ...options.headers };
      const response = await request(url, { method, headers, body: options.body ?? null, signal: timeout.signal, dispatcher: this.dispatcher });
      const body = new Uint8Array(await response.body.arrayBuffer());
      answer = { status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      if (userSignal?.aborted) throw new InterruptedError();
      if (timeout.signal.aborted) {
        throw new KServeError(KSERVE_ERROR_CODES.timeout, `${where}: no complete answer within ${timeoutMs} ms`, { url, cause: error, transient: true, hint: 'raise the timeout, or check that the server is not overloaded' });
      }
      const codes = errorCodes(error);
      const reason = error instanceof Error ? error.message : String(error);
      // A server that refuses the client's certificate (or the lack of one) after the handshake only shows as a close.
      if (!codes.some(isTlsCode) && codes.includes('UND_ERR_SOCKET') && url.startsWith('https:')) {
        const refusal = await tlsRefusalCode(new URL(url), this.connect);
        if (refusal !== undefined && isTlsCode(refusal)) codes.unshift(refusal);
      }
      const tlsCode = codes.find(isTlsCode);
      if (tlsCode !== undefined) {
        const hint = refusesClientCertificate(tlsCode) ? 'the server wants a client certificate it trusts (mutual TLS): give tls.cert and tls.key' : 'give the CA with tls.ca, or the expected host name with tls.servername';
        throw new KServeError(KSERVE_ERROR_CODES.tls, `${where}: TLS failed (${tlsCode}): ${reason}`, { url, cause: error, hint });
      }
      if (codes.some((c) => UNREACHABLE.has(c))) {
        throw new KServeError(KSERVE_ERROR_CODES.unreachable, `${where}: nothing answered (${codes.find((c) => UNREACHABLE.has(c))})`, { url, cause: error, transient: true, hint: 'check the URL and that the server is running' });
      }
      throw new KServeError(KSERVE_ERROR_CODES.unreachable, `${where}: ${reason}`, { url, cause: error, transient: true });
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onUserAbort);
    }
    if (answer.status >= 200 && answer.status < 300) return answer;
    const code = options.statusCode?.(answer.status) ?? statusToCode(answer.status);
    const serverMessage = serverMessageOf(answer.body);
    const details: { url: string; status: number; serverMessage?: string; transient: boolean } = { url, status: answer.status, transient: code === KSERVE_ERROR_CODES.unavailable };
    if (serverMessage !== undefined) details.serverMessage = serverMessage;
    throw new KServeError(code, `${where}: HTTP ${answer.status}${serverMessage === undefined ? '' : `: ${serverMessage}`}`, details);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
