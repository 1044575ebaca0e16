import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { UsageError } from '@pipeline/errors';
import { readBody, sendError } from './http/body.js';
import { type RouteContext, route } from './http/routes.js';
import { type ConfigReader, ModelRepository } from './repository.js';
import { RequestError } from './request-error.js';
import { ServerMetrics } from './server-metrics.js';

export interface ServeOptions {
  /** The model repository folder (Triton's layout: `<model>/config.pbtxt`, `<model>/<version>/model.onnx`). */
  repository: string;
  /** Default 8000 (Triton's HTTP port); 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: only this machine can reach it. */
  host?: string;
  /** Also serve `/metrics` on this port (Triton's is 8002); it is always on the main port too. */
  metricsPort?: number;
  /** Largest request body accepted (default 64 MiB); a larger one is answered 400. */
  maxBodyBytes?: number;
  /** How a model folder's config is read; default: config.pbtxt when present, else auto-complete. */
  readConfig?: ConfigReader;
  /** How long close() lets in-flight requests finish (default 30 s). */
  drainTimeoutMs?: number;
  /** One line per event (model states, listening). */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** `http://host:port`, ready for a v2 client. */
  url: string;
  /** Where `/metrics` is served (the main URL's, or the metrics port's). */
  metricsUrl: string;
  repository: ModelRepository;
  /** Stops taking requests (new ones get 503), lets in-flight ones finish, then unloads every model. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') reject(new UsageError('E_SERVE_PORT_IN_USE', `${what} port ${port} on ${host} is already in use`, { hint: 'stop whatever holds it, or choose another port (--port 0 picks a free one)' }));
      else if (error.code === 'EACCES') reject(new UsageError('E_SERVE_PORT_DENIED', `${what} port ${port} on ${host} needs privileges this process lacks`, { hint: 'use a port above 1023' }));
      else if (error.code === 'EADDRNOTAVAIL') reject(new UsageError('E_SERVE_HOST', `${host} is not an address of this machine`, { hint: 'use 127.0.0.1, or 0.0.0.0 for every interface' }));
      // A --host that is neither an address nor a name the resolver knows (getaddrinfo's answers).
      else if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' || error.code === 'EAI_FAIL') {
        reject(new UsageError('E_SERVE_HOST', `${host} is not an address and does not resolve to one (${error.code})`, { hint: 'use 127.0.0.1, or 0.0.0.0 for every interface' }));
      }
      else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

const urlOf = (server: Server, host: string) => {
  const { port } = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
};

/**
 * Starts a development and CI stand-in that speaks the KServe v2 / Triton HTTP protocol over ONNX Runtime.
 * It is not Triton: it serves onnxruntime_onnx models and ensembles of them, on the CPU.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const log = options.log ?? (() => {});
  const metrics = new ServerMetrics();
  const readConfig = options.readConfig ?? (await import('./default-config-reader.js')).defaultConfigReader;
  const repository = new ModelRepository(path.resolve(options.repository), metrics, readConfig);
  let draining = false;
  // Until every model has been tried, the server is not ready (Triton opens its ports after loading; this
  // one listens first, so a port in use is reported before minutes of loading, and answers "not ready").
  let starting = true;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const context: RouteContext = { repository, metrics, serverVersion: '0.1.0', draining: () => draining || starting };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (draining) {
      req.resume();
      return sendError(res, 503, 'the server is shutting down', true);
    }
    inFlight += 1;
    try {
      const body = await readBody(req, maxBodyBytes);
      await route(req, res, body, context);
    } catch (error) {
      if (error instanceof RequestError) sendError(res, error.status, error.message, error.status === 400 && !req.complete);
      else sendError(res, 500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    }
  };
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => void handle(req, res));
  const servers = [server];
  try {
    await listen(server, options.port ?? 8000, host, 'HTTP');
    if (options.metricsPort !== undefined) {
      const metricsServer = createServer((req, res) => {
        if (req.url === '/metrics') void metrics.text().then((text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text));
        else res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"only /metrics is served here"}');
      });
      servers.push(metricsServer);
      await listen(metricsServer, options.metricsPort, host, 'metrics');
    }
  } catch (error) {
    for (const s of servers) s.close();
    await repository.close();
    throw error;
  }
  try {
    await repository.loadAll();
  } catch (error) {
    for (const s of servers) s.close();
    await repository.close();
    throw error;
  }
  starting = false;
  for (const entry of await repository.index(false)) log(`${entry.name}${entry.version === undefined ? '' : ` v${entry.version}`}: ${entry.state ?? 'UNKNOWN'}${entry.reason === undefined ? '' : ` (${entry.reason})`}`);
  const url = urlOf(server, host);
  const metricsUrl = `${urlOf(servers[1] ?? server, host)}/metrics`;
  log(`serving ${repository.root} at ${url} (metrics at ${metricsUrl})`);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // Keep listening while draining, so a request that arrives now is told 503 rather than refused.
      draining = true;
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, options.drainTimeoutMs ?? 30_000).unref();
        });
      }
      const stopped = Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
      for (const s of servers) s.closeAllConnections();
      await stopped;
      await repository.close();
    })();
    return closing;
  };
  return { url, metricsUrl, repository, close };
}
