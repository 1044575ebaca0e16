import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the loopback test server answers: fine, slowly, with a 5xx, by resetting the connection. */
export type Behaviour = { kind: 'ok'; delayMs?: number } | { kind: 'status'; status: number } | { kind: 'reset' } | { kind: 'hang' };

export interface TestServer {
  url: string;
  port: number;
  /** Requests received, and the most in flight at once. */
  stats: { received: number; inFlight: number; maxInFlight: number };
  behave(b: Behaviour): void;
  close(): Promise<void>;
}

/** A loopback HTTP server on an ephemeral port whose behaviour a test switches, for load and fault tests. */
export async function startTestServer(initial: Behaviour = { kind: 'ok' }): Promise<TestServer> {
  let behaviour = initial;
  const stats = { received: 0, inFlight: 0, maxInFlight: 0 };
  const server = http.createServer((req, res) => {
    stats.received++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    res.on('close', () => stats.inFlight--);
    req.resume();
    const b = behaviour;
    req.on('end', () => {
      if (b.kind === 'reset') req.socket.destroy();
      else if (b.kind === 'status') res.writeHead(b.status).end('{"error":"injected"}');
      else if (b.kind === 'ok') {
        const reply = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        if (b.delayMs) setTimeout(reply, b.delayMs);
        else reply();
      }
      // 'hang': never answer; the client's timeout must end it.
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v2/models/m/infer`,
    port,
    stats,
    behave: (b) => {
      behaviour = b;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
