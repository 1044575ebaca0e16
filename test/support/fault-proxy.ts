import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request: pass it on, or a fault. */
export type Fault = 'pass' | '503' | 'reset' | 'hang' | 'slow';

/** One request the proxy received: what was asked and the auth header it carried. */
export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export interface FaultProxy {
  url: string;
  /** Chooses the fault per request (method and path); default: pass everything. */
  rule: (method: string, path: string) => Fault;
  /** Requests answered with a fault, by kind. */
  injected: Record<string, number>;
  /** Every request received, in order. */
  seen: SeenRequest[];
  /** An https proxy: serve a different certificate to connections made from now on (a rotated or misconfigured certificate). */
  setCertificate(tls: { cert: string; key: string }): void;
  /** Called when a client refuses the certificate (an https proxy's failed handshake). */
  onHandshakeFailure: () => void;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  /** Serve https with this certificate and key (a TLS-terminating proxy in front of a plain-HTTP server, as Triton's HTTP endpoint is deployed behind one). */
  tls?: { cert: string; key: string };
  /**
   * Serve only under this path (`/triton`), as an ingress routes a prefix to Triton: `/triton/v2/...` is
   * forwarded as `/v2/...`, anything else answers 404. `url` then ends with the prefix.
   */
  prefix?: string;
  /** An https proxy that requires a client certificate signed by this CA (an mTLS gateway): no certificate, no handshake. */
  clientCa?: string;
}

/**
 * A loopback HTTP(S) proxy in front of a real server — a test stand-in for the load balancer or ingress
 * users put before Triton — that injects faults (5xx, connection resets, requests that never get an
 * answer, slow answers) per request, and keeps a log of what it was asked.
 */
export async function startFaultProxy(target: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const upstream = new URL(target);
  const proxy: FaultProxy = { url: '', rule: () => 'pass', injected: {}, seen: [], setCertificate: () => {}, onHandshakeFailure: () => {}, close: async () => {} };
  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    proxy.seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', authorization: req.headers.authorization });
    const fault = proxy.rule(req.method ?? 'GET', req.url ?? '/');
    if (fault !== 'pass') proxy.injected[fault] = (proxy.injected[fault] ?? 0) + 1;
    if (fault === 'reset') return void req.socket.destroy();
    if (fault === 'hang') return void req.resume();
    const prefix = options.prefix ?? '';
    const upstreamPath = (req.url ?? '/').startsWith(`${prefix}/`) ? (req.url ?? '/').slice(prefix.length) : undefined;
    if (upstreamPath === undefined) return void req.resume().on('end', () => res.writeHead(404, { 'content-type': 'text/plain' }).end(`no route for ${req.url}`));
    if (fault === '503') return void req.resume().on('end', () => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"injected 503"}'));
    const forward = () => {
      const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: upstreamPath, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (fault === 'slow') setTimeout(forward, 300);
    else forward();
  };
  const clientCerts = options.clientCa === undefined ? {} : { ca: options.clientCa, requestCert: true, rejectUnauthorized: true };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key, ...clientCerts }, handle) : http.createServer(handle);
  if (server instanceof https.Server) proxy.setCertificate = (tls) => server.setSecureContext(tls);
  // A client that refuses the certificate ends the handshake: the test hears of it, the proxy carries on.
  server.on('tlsClientError', () => proxy.onHandshakeFailure());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}${options.prefix ?? ''}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
