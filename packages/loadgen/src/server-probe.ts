import type { ModelStatsEntry } from './server-stats.js';

/** How the load generator asks the server about itself (stats, metrics); fetch with a timeout, injected in tests. */
export interface ServerProbe {
  /** `GET <base>/v2/models/stats`; undefined when the server has no statistics extension or did not answer. */
  modelStats(): Promise<ModelStatsEntry[] | undefined>;
  /** The Prometheus text at the metrics URL; undefined when not given or not answering. */
  metrics(): Promise<string | undefined>;
}

/** A probe over HTTP with the target's headers; every call bounded by `timeoutMs`. */
export function httpServerProbe(base: string, options: { headers?: Record<string, string>; metricsUrl?: string; timeoutMs?: number }): ServerProbe {
  const get = async (url: string): Promise<Response | undefined> => {
    try {
      const response = await fetch(url, { headers: options.headers ?? {}, signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
      return response.ok ? response : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    async modelStats() {
      const response = await get(new URL('/v2/models/stats', base).href);
      const body = (await response?.json().catch(() => undefined)) as { model_stats?: ModelStatsEntry[] } | undefined;
      return Array.isArray(body?.model_stats) ? body.model_stats : undefined;
    },
    async metrics() {
      if (options.metricsUrl === undefined) return undefined;
      return (await get(options.metricsUrl))?.text();
    },
  };
}
