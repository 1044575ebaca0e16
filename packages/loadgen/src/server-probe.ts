import { createKServeClient, kserveTlsOptions, type ModelStatistics, type TritonMetrics } from '@pipeline/kserve-client';
import type { TargetSpec } from './types.js';

/** How the load generator asks the server about itself (stats, metrics); injected in tests. */
export interface ServerProbe {
  /** `GET <base>/v2/models/stats`; undefined when the server has no statistics extension or did not answer. */
  modelStats(): Promise<ModelStatistics[] | undefined>;
  /** The server's Prometheus metrics, read; undefined when no metrics URL was given or it did not answer. */
  metrics(): Promise<TritonMetrics | undefined>;
  /** Closes the probe's connections; `runLoadTest` calls it when the test ends. */
  close?(): Promise<void>;
}

/**
 * A probe through `@pipeline/kserve-client` with the target's headers and TLS settings (the same CA, client
 * certificate, server name and verification as the load itself, so an https server behind a private CA still gives its stats);
 * every call bounded by `timeoutMs`. A server that does not answer is not an error here: the report
 * simply has no server side (the load test itself counts the server's failures).
 */
export function httpServerProbe(base: string, options: { headers?: Record<string, string>; metricsUrl?: string; timeoutMs?: number; tls?: TargetSpec['tls'] }): ServerProbe {
  const tls = options.tls;
  const client = createKServeClient({
    url: base,
    headers: options.headers ?? {},
    timeoutMs: options.timeoutMs ?? 5000,
    connections: 1,
    ...(tls ? { tls: kserveTlsOptions(tls) } : {}),
    ...(options.metricsUrl !== undefined ? { metricsUrl: options.metricsUrl } : {}),
  });
  return {
    modelStats: () => client.modelStatistics().catch(() => undefined),
    async metrics() {
      if (options.metricsUrl === undefined) return undefined;
      return client.metrics().catch(() => undefined);
    },
    close: () => client.close(),
  };
}
