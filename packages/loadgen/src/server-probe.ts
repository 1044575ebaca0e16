import http from 'node:http';
import https from 'node:https';
import type { ModelStatsEntry } from './server-stats.js';
import type { TargetSpec } from './types.js';

/** How the load generator asks the server about itself (stats, metrics); a GET with a timeout, injected in tests. */
export interface ServerProbe {
  /** `GET <base>/v2/models/stats`; undefined when the server has no statistics extension or did not answer. */
  modelStats(): Promise<ModelStatsEntry[] | undefined>;
  /** The Prometheus text at the metrics URL; undefined when not given or not answering. */
  metrics(): Promise<string | undefined>;
}

/** GET `url` (http or https, with the target's TLS settings) and its body, or undefined for no 2xx answer in time. */
function getText(url: string, options: { headers?: Record<string, string>; timeoutMs?: number; tls?: TargetSpec['tls'] }): Promise<string | undefined> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const tls = secure ? { ...(options.tls?.ca ? { ca: options.tls.ca } : {}), rejectUnauthorized: options.tls?.reject_unauthorized ?? true } : {};
  return new Promise((resolve) => {
    const done = (text: string | undefined) => {
      clearTimeout(timer);
      resolve(text);
    };
    const request = (secure ? https : http).get(target, { headers: options.headers ?? {}, ...tls }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done((response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300 ? Buffer.concat(chunks).toString('utf8') : undefined));
      response.on('error', () => done(undefined));
    });
    // The whole call, answer included, ends after the timeout: a server that trickles bytes cannot hold it.
    const timer = setTimeout(() => request.destroy(), options.timeoutMs ?? 5000);
    request.on('error', () => done(undefined));
  });
}

/**
 * A probe over HTTP(S) with the target's headers and TLS settings (the same CA and verification as the
 * load itself, so an https server behind a private CA still gives its stats); every call bounded by `timeoutMs`.
 */
export function httpServerProbe(base: string, options: { headers?: Record<string, string>; metricsUrl?: string; timeoutMs?: number; tls?: TargetSpec['tls'] }): ServerProbe {
  return {
    async modelStats() {
      const text = await getText(new URL('/v2/models/stats', base).href, options);
      let body: { model_stats?: ModelStatsEntry[] } | undefined;
      try {
        body = text === undefined ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      return Array.isArray(body?.model_stats) ? body.model_stats : undefined;
    },
    async metrics() {
      if (options.metricsUrl === undefined) return undefined;
      return getText(options.metricsUrl, options);
    },
  };
}
