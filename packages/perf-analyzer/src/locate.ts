import { ToolMissingError } from '@pipeline/errors';
import { TLS_SETTINGS_PERF_ANALYZER_TAKES } from './https-flags.js';

/** What a stage's probe found of a tool (the shape of @pipeline/sdk's ToolInfo, which this library does not need). */
export interface FoundTool {
  found: boolean;
  path?: string;
}

/** How a probe looks for a tool (the shape of @pipeline/sdk's ProbeEnv.findTool). */
export type FindTool<T> = (name: string, options: { versionPattern: RegExp; unlocks: string }) => Promise<T>;

/** Who makes the load: the built-in generator, perf_analyzer, or perf_analyzer when it is found and able. */
export type LoadBackend = 'loadgen' | 'perf_analyzer' | 'auto';

/** The name perf_analyzer has on PATH (and in a stage's `tools`). */
export const PERF_ANALYZER_TOOL = 'perf_analyzer';

/** What `perf_analyzer --version` prints since 2023 (`Perf Analyzer Version <v>`); older builds have no such flag. */
export const PERF_ANALYZER_VERSION_PATTERN = /Perf Analyzer Version:?\s*(\S+)/i;

/** A stage probe's finding for perf_analyzer on PATH. */
export function findPerfAnalyzer<T>(findTool: FindTool<T>, unlocks: string): Promise<T> {
  return findTool(PERF_ANALYZER_TOOL, { versionPattern: PERF_ANALYZER_VERSION_PATTERN, unlocks });
}

/** One reason perf_analyzer cannot make a load, naming the param at fault. */
export interface PerfAnalyzerLimit {
  code: 'E_PERF_ANALYZER_PARAMS';
  path: string[];
  message: string;
  hint: string;
}

/**
 * Why perf_analyzer cannot make this load (empty when it can): its ranges step by adding, it has no SLO
 * search, and a `tls:` setting it has no `--ssl-https-*` flag for cannot be passed on.
 */
export function perfAnalyzerLimits(load: { slo?: unknown; ranges: Record<string, string | undefined>; tls?: Record<string, unknown> | undefined }): PerfAnalyzerLimit[] {
  const limits: PerfAnalyzerLimit[] = [];
  const limit = (path: string[], message: string, hint: string) => limits.push({ code: 'E_PERF_ANALYZER_PARAMS', path, message, hint });
  if (load.slo) limit(['slo'], 'the SLO search is the built-in load generator’s; perf_analyzer sweeps a range', 'use backend: loadgen, or give a start:end:step range');
  for (const [key, range] of Object.entries(load.ranges)) {
    if (range?.includes('x')) limit([key], `perf_analyzer’s ranges step by adding (start:end:step); "${range}" multiplies`, 'give start:end:step, or use backend: loadgen');
  }
  for (const [key, value] of Object.entries(load.tls ?? {})) {
    if (value === undefined || Object.hasOwn(TLS_SETTINGS_PERF_ANALYZER_TAKES, key)) continue;
    const hint = key === 'servername' ? 'perf_analyzer checks the certificate against the URL’s host: put the name the certificate carries in the URL (a DNS or /etc/hosts entry for the address), or use backend: loadgen' : `use backend: loadgen, or leave tls.${key} out`;
    limit(['tls', key], `perf_analyzer has no flag for tls.${key}: its https settings are a CA file, a client certificate and key, and whether to verify the peer and the host name (--ssl-https-*)`, hint);
  }
  return limits;
}

/**
 * The perf_analyzer to run, or none for the built-in generator: an explicit path wins, then what the
 * probe found on PATH. `auto` falls back to the built-in generator and says why in `note`; an explicit
 * `perf_analyzer` with none found is a ToolMissingError (exit 3).
 */
export function choosePerfAnalyzer(backend: LoadBackend, explicitPath: string | undefined, probed: FoundTool | undefined, limits: readonly PerfAnalyzerLimit[]): { executable?: string; note?: string } {
  if (backend === 'loadgen') return {};
  const executable = explicitPath ?? (probed?.found ? probed.path : undefined);
  if (backend === 'perf_analyzer') {
    if (executable === undefined) throw new ToolMissingError('E_PERF_ANALYZER_NOT_FOUND', 'perf_analyzer not found on PATH', { hint: 'install Triton’s client tools (perf_analyzer), set perf_analyzer_path, or use backend: loadgen' });
    return { executable };
  }
  if (executable === undefined) return { note: 'backend auto: perf_analyzer not found, using the built-in load generator' };
  if (limits.length > 0) return { note: `backend auto: using the built-in load generator, because ${limits.map((l) => l.message).join('; ')}` };
  return { executable };
}

/** `a` → `a:a:1`, `a:b` → `a:b:1`: perf_analyzer's own defaults spelled out, so its command line says what ran. */
export function rangeWithStep(range: string): string {
  const [start, end = start, step = '1'] = range.split(':');
  return `${start}:${end}:${step}`;
}

/**
 * perf_analyzer's `-u`, which takes `<scheme://>host:port/<base-path>`: host:port for http (libcurl's
 * default scheme), `https://host:port` for https — its HTTP client uses TLS, and its `--ssl-https-*`
 * settings, only for a URL that says `https://` — then the URL's path prefix (a gateway's route to
 * Triton), without a trailing slash, which perf_analyzer puts before every `/v2/...` it asks.
 */
export function perfAnalyzerUrl(url: string): string {
  const base = new URL(url);
  const https = base.protocol === 'https:';
  return `${https ? 'https://' : ''}${base.hostname}:${base.port || (https ? '443' : '80')}${base.pathname.replace(/\/+$/, '')}`;
}

/**
 * `--shape` values: each input's shape (as sent) without the batch axis — perf_analyzer takes shapes
 * without it — for the inputs whose served shape has a dynamic dim past the batch axis.
 */
export function perfAnalyzerShapes(served: readonly { name: string; shape: readonly number[] }[], shapes: Record<string, readonly number[]>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const input of served) {
    const shape = shapes[input.name];
    const batched = input.shape[0] === -1 && input.shape.length === (shape?.length ?? 0);
    if (shape && input.shape.slice(batched ? 1 : 0).some((d) => d < 0)) out[input.name] = [...(batched ? shape.slice(1) : shape)];
  }
  return out;
}
