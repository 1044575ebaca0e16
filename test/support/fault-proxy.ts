import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request: pass it on, or a fault. */
export type Fault = 'pass' | '503' | 'reset' | 'hang' | 'slow';

export interface FaultProxy {
  url: string;
  /** Chooses the fault per request (method and path); default: pass everything. */
  rule: (method: string, path: string) => Fault;
  /** Requests answered with a fault, by kind. */
  injected: Record<string, number>;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of a real server that injects faults (5xx, connection resets, requests
 * that never get an answer, slow answers) per request, for the deploy's fault tests.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const proxy: FaultProxy = { url: '', rule: () => 'pass', injected: {}, close: async () => {} };
  const server = http.createServer((req, res) => {
    const fault = proxy.rule(req.method ?? 'GET', req.url ?? '/');
    if (fault !== 'pass') proxy.injected[fault] = (proxy.injected[fault] ?? 0) + 1;
    if (fault === 'reset') return void req.socket.destroy();
    if (fault === 'hang') return void req.resume();
    if (fault === '503') return void req.resume().on('end', () => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"injected 503"}'));
    const forward = () => {
      const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (fault === 'slow') setTimeout(forward, 300);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
