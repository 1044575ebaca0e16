import { InvalidInputError } from '@pipeline/errors';
import type { ClientStats, LatencyBreakdown, PerfAnalyzerMeasurement, PerfAnalyzerRun, ServerStats } from './types.js';

/** A number as C++ iostreams print it (`1407.84`, `25348`, `1.2e+06`). */
const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const re = (source: string): RegExp => new RegExp(source.replaceAll('NUM', NUM));

const MEASUREMENT_CONCURRENCY = re('^Request concurrency: (NUM)$');
const MEASUREMENT_RATE = re('^Request Rate: (NUM) inference requests per second$');
const SUMMARY_HEADER = /^Inferences\/Second vs\. Client (.+?) Batch Latency$/;
const SUMMARY_ROW = re('^(Concurrency|Request Rate): (NUM), throughput: (NUM) infer/sec, latency (NUM) usec$');
const LATENCY_WITH_PARTS = re(String.raw`^(NUM) usec(?: \((.*)\))?$`);
const PART = re(String.raw`^(.*?)\s+(NUM)\s+usec$`);
const COMPOSING_MODEL = /^(.+), version:\s*(.*)$/;
const COMMAND = /(?:^|[\s/$#])perf_analyzer(\s+-.*)$/;

/** `compute input` → `compute_input`, `(un)marshal request/response` → `un_marshal_request_response`. */
function partKey(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** `382 usec (overhead 41 usec + queue 41 usec + …)` as a total and its parts; undefined if it is not that shape. */
export function parseLatencyBreakdown(text: string): LatencyBreakdown | undefined {
  const m = LATENCY_WITH_PARTS.exec(text.trim());
  if (!m) return undefined;
  const parts_us: Record<string, number> = {};
  for (const part of (m[2] ?? '').split(' + ')) {
    const p = PART.exec(part.trim());
    if (p) parts_us[partKey(p[1] as string)] = Number(p[2]);
  }
  return { total_us: Number(m[1]), parts_us };
}

/** `Key: value` of a settings or stats line (the text is already trimmed). */
function keyValue(line: string): [string, string] | undefined {
  const i = line.indexOf(':');
  return i < 0 ? undefined : [line.slice(0, i).trim(), line.slice(i + 1).trim()];
}

const firstNumber = (text: string): number | undefined => {
  const m = re('^(NUM)').exec(text);
  return m ? Number(m[1]) : undefined;
};

function newServer(): ServerStats {
  return { composing_models: [] };
}

/** A `Server:`/composing-model stats line into `stats`; false when the line is not one. */
function serverLine(stats: ServerStats, key: string, value: string): boolean {
  const counts: Record<string, keyof ServerStats> = {
    'Inference count': 'inference_count',
    'Execution count': 'execution_count',
    'Successful request count': 'successful_request_count',
    'Cache hit count': 'cache_hit_count',
    'Cache miss count': 'cache_miss_count',
  };
  const field = counts[key];
  const n = firstNumber(value);
  if (field !== undefined && n !== undefined) {
    (stats as unknown as Record<string, number>)[field] = n;
    return true;
  }
  const breakdown = parseLatencyBreakdown(value);
  if (key === 'Avg request latency' && breakdown) stats.avg_request_latency = breakdown;
  else if (key === 'Average Cache Miss Latency' && breakdown) stats.avg_cache_miss_latency = breakdown;
  else if (key === 'Average Cache Hit Latency' && n !== undefined) stats.avg_cache_hit_latency_us = n;
  else return false;
  return true;
}

/** A `Client:` line into `client`; false when the line is not one. */
function clientLine(client: ClientStats, key: string, value: string): boolean {
  const n = firstNumber(value);
  const percentile = /^p(\d+(?:\.\d+)?) latency$/.exec(key);
  const protocol = /^Avg (HTTP|gRPC) time$/.exec(key);
  if (key === 'Request count' && n !== undefined) client.request_count = n;
  else if (key === 'Throughput' && n !== undefined) client.throughput_infer_per_s = n;
  else if (key === 'Avg latency' && n !== undefined) {
    client.avg_latency_us = n;
    const std = re('standard deviation (NUM) usec').exec(value);
    if (std) client.std_latency_us = Number(std[1]);
  } else if (percentile && n !== undefined) client.percentiles_us[percentile[1] as string] = n;
  else if (protocol) {
    const avg = parseLatencyBreakdown(value);
    if (!avg) return false;
    client.protocol = { name: protocol[1] as 'HTTP' | 'gRPC', avg };
  } else return false;
  return true;
}

type Section = 'none' | 'settings' | 'client' | 'server' | 'composing' | 'summary';

/**
 * Reads perf_analyzer's stdout, of any release: the settings block, each `Request concurrency`/`Request
 * Rate` block (client, server, an ensemble's composing models, response-cache lines) and the summary.
 * Lenient where releases differ (trailing spaces after `Client:`, a blank line before `Server:`, the
 * order of settings lines, `Stabilizing using p95latency`); a line no rule knows is kept in
 * `unrecognised` with its line number rather than dropped.
 */
export function parsePerfAnalyzerStdout(text: string): PerfAnalyzerRun {
  const run: PerfAnalyzerRun = { settings: {}, measurements: [], summary: [], failures: [], unrecognised: [], incomplete: [] };
  let section: Section = 'none';
  let measurement: PerfAnalyzerMeasurement | undefined;
  let stats: ServerStats | undefined;
  // Where each block began, to name it if it turns out cut short.
  let lineNumber = 0;
  const clientBlocks: { line: number; block: string; client: ClientStats }[] = [];
  const serverBlocks: { line: number; block: string; stats: ServerStats }[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    lineNumber = index + 1;
    if (line === '') continue;
    if (handleLine(line)) continue;
    run.unrecognised.push({ line: lineNumber, text: raw });
  }
  run.incomplete = [...clientBlocks.map(clientMissing), ...serverBlocks.map(serverMissing)].filter((b) => b.missing.length > 0).sort((a, b) => a.line - b.line);
  return run;

  function handleLine(line: string): boolean {
    if (line === '*** Measurement Settings ***') {
      section = 'settings';
      return true;
    }
    const block = MEASUREMENT_CONCURRENCY.exec(line) ?? MEASUREMENT_RATE.exec(line);
    if (block) {
      measurement = { mode: line.startsWith('Request concurrency') ? 'concurrency' : 'request-rate', value: Number(block[1]), client: { percentiles_us: {} } };
      run.measurements.push(measurement);
      clientBlocks.push({ line: lineNumber, block: `"${line}"`, client: measurement.client });
      section = 'none';
      return true;
    }
    const summaryHeader = SUMMARY_HEADER.exec(line);
    if (summaryHeader) {
      const label = summaryHeader[1] as string;
      run.summary_latency = label === 'Average' ? 'average' : label;
      section = 'summary';
      return true;
    }
    const row = SUMMARY_ROW.exec(line);
    if (row) {
      const mode = row[1] === 'Concurrency' ? 'concurrency' : 'request-rate';
      run.summary.push({ mode, value: Number(row[2]), throughput_infer_per_s: Number(row[3]), latency_us: Number(row[4]) });
      return true;
    }
    if (/^(Failed|error|\[?warning)/i.test(line)) {
      run.failures.push(line);
      return true;
    }
    if (section === 'settings' && settingsLine(line, keyValue(line))) return true;
    if (measurement && sectionLine(measurement, line)) return true;
    if (/^Successfully read data for /.test(line)) return true;
    const command = run.command === undefined ? COMMAND.exec(line) : null;
    if (command) run.command = `perf_analyzer${command[1] as string}`;
    return command !== null;
  }

  /** `Client:`, `Server:`, `Composing models:` and the lines under them. */
  function sectionLine(current: PerfAnalyzerMeasurement, line: string): boolean {
    if (line === 'Client:') section = 'client';
    else if (line === 'Server:') {
      current.server = newServer();
      stats = current.server;
      serverBlocks.push({ line: lineNumber, block: `the Server block of ${current.mode === 'concurrency' ? 'concurrency' : 'request rate'} ${current.value}`, stats });
      section = 'server';
    } else if (line === 'Composing models:' && current.server) section = 'composing';
    else {
      const kv = keyValue(line);
      if (section === 'client' && kv) return clientLine(current.client, kv[0], kv[1]);
      if ((section === 'server' || section === 'composing') && stats && kv && serverLine(stats, kv[0], kv[1])) return true;
      const composing = section === 'composing' && current.server ? COMPOSING_MODEL.exec(line) : null;
      if (!composing || !current.server) return false;
      const model = { name: composing[1] as string, version: composing[2] as string, stats: newServer() };
      current.server.composing_models.push(model);
      stats = model.stats;
      serverBlocks.push({ line: lineNumber, block: `composing model ${model.name}'s block`, stats });
    }
    return true;
  }

  function settingsLine(line: string, kv: [string, string] | undefined): boolean {
    const s = run.settings;
    const mode = /^Using "(.+)" mode for stabilization$/.exec(line);
    const stabilizing = /^Stabilizing using (.+)$/.exec(line);
    const calls = /^Using (synchronous|asynchronous) calls for inference$/.exec(line);
    const limit = re('^Concurrency limit: (NUM) concurrent requests$').exec(line);
    const n = kv ? firstNumber(kv[1]) : undefined;
    if (mode) s.measurement_mode = mode[1] as string;
    else if (stabilizing) s.stabilizing_on = stabilizing[1] as string;
    else if (calls) s.calls = calls[1] as 'synchronous' | 'asynchronous';
    else if (limit) s.concurrency_limit = Number(limit[1]);
    else if (kv?.[0] === 'Service Kind') s.service_kind = kv[1];
    else if (n === undefined) return false;
    else if (kv?.[0] === 'Batch size') s.batch_size = n;
    else if (kv?.[0] === 'Measurement window') s.measurement_window_ms = n;
    else if (kv?.[0] === 'Minimum number of samples in each window') s.min_samples_per_window = n;
    else if (kv?.[0] === 'Latency limit') s.latency_limit_ms = n;
    else return false;
    return true;
  }
}

/** What every release prints in a client block: the count, the throughput, and a latency (average or percentiles). */
function clientMissing({ line, block, client }: { line: number; block: string; client: ClientStats }): PerfAnalyzerRun['incomplete'][number] {
  const missing: string[] = [];
  if (client.request_count === undefined) missing.push('Request count');
  if (client.throughput_infer_per_s === undefined) missing.push('Throughput');
  if (client.avg_latency_us === undefined && Object.keys(client.percentiles_us).length === 0) missing.push('Avg latency (or pNN latency)');
  return { line, block, missing };
}

/**
 * What a server or composing-model block cannot be read without: its average request latency, the line
 * that carries the split. Only that one is required (the count lines' names have changed across releases).
 */
function serverMissing({ line, block, stats }: { line: number; block: string; stats: ServerStats }): PerfAnalyzerRun['incomplete'][number] {
  return { line, block, missing: stats.avg_request_latency === undefined ? ['Avg request latency'] : [] };
}

/** Refuses a saved stdout with a block cut short, which would otherwise become zeros in a report (exit 2). */
export function assertCompleteOutput(run: PerfAnalyzerRun, file: string): void {
  const cut = describeIncomplete(run, file);
  if (cut !== undefined) {
    throw new InvalidInputError('E_PERF_ANALYZER_INCOMPLETE', `${cut}: the output looks cut off there`, { hint: 'import the whole saved stdout (perf_analyzer prints every line of a block it started)' });
  }
}

/** `file:line: <block> has no Throughput, …` for each cut-short block, or undefined when none is. */
export function describeIncomplete(run: PerfAnalyzerRun, file: string): string | undefined {
  if (run.incomplete.length === 0) return undefined;
  return run.incomplete.map((b) => `${file}:${b.line}: ${b.block} has no ${b.missing.join(', ')} line`).join('; ');
}
