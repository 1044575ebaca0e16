import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertCompleteOutput, parsePerfAnalyzerStdout } from './parse-stdout.js';
import type { PerfAnalyzerRun } from './types.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/recorded/triton/perf_analyzer');
const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
// The saved sessions that `cat` a CSV are the CSV reader's (parse-csv.test.ts); the rest are stdout.
const stdoutFixtures = readdirSync(dir).filter((f) => f.endsWith('.txt') && !/^(Concurrency|Request Rate),/m.test(read(f)));

// The second reader: numbers as they stand in the text, by a regex that knows nothing of the format.
const NUMBER = /[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi;
const numbersIn = (text: string): number[] => (text.match(NUMBER) ?? []).map(Number);
const all = (text: string, regex: RegExp): RegExpExecArray[] => [...text.matchAll(regex)];

/** Every number the parse holds: numeric leaves, numbers inside string leaves, and percentile keys. */
function numbersOf(value: unknown, key = ''): number[] {
  if (typeof value === 'number') return [value];
  if (typeof value === 'string') return numbersIn(value);
  if (Array.isArray(value)) return value.flatMap((v) => numbersOf(v));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [...(key === 'percentiles_us' ? [Number(k)] : []), ...numbersOf(v, k)]);
  }
  return [];
}

/** The parse without the lines it keeps verbatim (command, failures, unrecognised): those are text, not figures. */
function figures(run: PerfAnalyzerRun): unknown {
  const { command: _c, failures: _f, unrecognised: _u, incomplete: _i, ...rest } = run;
  return rest;
}

describe('parsePerfAnalyzerStdout on every recorded stdout', () => {
  it.each(stdoutFixtures)('%s: every number of every line it recognised is in the parse, and no other', (file) => {
    const text = read(file);
    const run = parsePerfAnalyzerStdout(text);
    const lines = text.split('\n');
    const kept = new Set(run.unrecognised.map((u) => u.line - 1));
    const fromText = lines
      .filter((line, i) => !kept.has(i) && !/perf_analyzer\s+-|^\s*(Failed|Successfully read data)/.test(line))
      .flatMap(numbersIn);
    expect(numbersOf(figures(run)).sort((a, b) => a - b)).toEqual(fromText.sort((a, b) => a - b));
  });

  it.each(stdoutFixtures)('%s: leaves unrecognised only elisions and comments that are not perf_analyzer’s', (file) => {
    const run = parsePerfAnalyzerStdout(read(file));
    for (const u of run.unrecognised) expect(u.text.trim()).toMatch(/^(\.\.\.|#)/);
  });

  it.each(stdoutFixtures)('%s: one measurement per Request concurrency line, with its client figures in order', (file) => {
    const text = read(file);
    const run = parsePerfAnalyzerStdout(text);
    const blocks = all(text, /^Request concurrency: (\d+)\s*$/gm).map((m) => Number(m[1]));
    expect(run.measurements.map((m) => m.value)).toEqual(blocks);
    expect(run.measurements.map((m) => m.client.throughput_infer_per_s)).toEqual(all(text, /^\s+Throughput: ([\d.]+) infer\/sec/gm).map((m) => Number(m[1])));
    expect(run.measurements.map((m) => m.client.request_count)).toEqual(all(text, /Request count: (\d+)/g).map((m) => Number(m[1])));
    const p99 = all(text, /p99 latency: (\d+) usec/g).map((m) => Number(m[1]));
    expect(run.measurements.map((m) => m.client.percentiles_us['99'])).toEqual(p99);
    const avg = all(text, /Avg latency: (\d+) usec \(standard deviation (\d+) usec\)/g);
    expect(run.measurements.filter((m) => m.client.avg_latency_us !== undefined).map((m) => [m.client.avg_latency_us, m.client.std_latency_us])).toEqual(
      avg.map((m) => [Number(m[1]), Number(m[2])]),
    );
  });

  it.each(stdoutFixtures)('%s: the summary lines, in order', (file) => {
    const text = read(file);
    const rows = all(text, /^Concurrency: (\d+), throughput: ([\d.]+) infer\/sec, latency (\d+) usec$/gm).map((m) => ({
      mode: 'concurrency',
      value: Number(m[1]),
      throughput_infer_per_s: Number(m[2]),
      latency_us: Number(m[3]),
    }));
    expect(parsePerfAnalyzerStdout(text).summary).toEqual(rows);
  });
});

describe('format variants', () => {
  it('HTTP time split (01) and gRPC time split (03)', () => {
    const http = read('01_quick_start_simple_http_sync.txt');
    const [, total, send, wait] = /Avg HTTP time: (\d+) usec \(send\/recv (\d+) usec \+ response wait (\d+) usec\)/.exec(http) ?? [];
    expect(parsePerfAnalyzerStdout(http).measurements[0]?.client.protocol).toEqual({
      name: 'HTTP',
      avg: { total_us: Number(total), parts_us: { send_recv: Number(send), response_wait: Number(wait) } },
    });
    const grpc = read('03_tfserving_grpc_client_only.txt');
    const g = /Avg gRPC time: (\d+) usec \(\(un\)marshal request\/response (\d+) usec \+ response wait (\d+) usec\)/.exec(grpc) ?? [];
    const run = parsePerfAnalyzerStdout(grpc);
    expect(run.measurements[0]?.client.protocol).toEqual({
      name: 'gRPC',
      avg: { total_us: Number(g[1]), parts_us: { un_marshal_request_response: Number(g[2]), response_wait: Number(g[3]) } },
    });
    expect(run.measurements[0]?.server).toBeUndefined();
    expect(run.settings.batch_size).toBe(Number(/Batch size: (\d+)/.exec(grpc)?.[1]));
  });

  it('the server split, also after a blank line before "Server:" (02)', () => {
    const text = read('02_triton_c_api_server_stats.txt');
    const m = /Avg request latency: (\d+) usec \(overhead (\d+) usec \+ queue (\d+) usec \+ compute input (\d+) usec \+ compute infer (\d+) usec \+ compute output (\d+) usec\)/.exec(text) ?? [];
    const server = parsePerfAnalyzerStdout(text).measurements[0]?.server;
    expect(server?.avg_request_latency).toEqual({
      total_us: Number(m[1]),
      parts_us: { overhead: Number(m[2]), queue: Number(m[3]), compute_input: Number(m[4]), compute_infer: Number(m[5]), compute_output: Number(m[6]) },
    });
    expect(server?.successful_request_count).toBe(Number(/Successful request count: (\d+)/.exec(text)?.[1]));
    expect(parsePerfAnalyzerStdout(text).settings.service_kind).toBe('Triton C-API');
  });

  it('the old format with trailing spaces and the response cache lines (07)', () => {
    const text = read('07_client_pr70_response_cache_old_format.txt');
    const server = parsePerfAnalyzerStdout(text).measurements[0]?.server;
    expect(server?.cache_hit_count).toBe(Number(/Cache hit count: (\d+)/.exec(text)?.[1]));
    expect(server?.cache_miss_count).toBe(Number(/Cache miss count: (\d+)/.exec(text)?.[1]));
    expect(server?.avg_cache_hit_latency_us).toBe(Number(/Average Cache Hit Latency: (\d+) usec/.exec(text)?.[1]));
    const miss = /Average Cache Miss Latency: (\d+) usec \(cache lookup\/insertion (\d+) usec \+ compute input (\d+) usec/.exec(text) ?? [];
    expect(server?.avg_cache_miss_latency?.total_us).toBe(Number(miss[1]));
    expect(server?.avg_cache_miss_latency?.parts_us.cache_lookup_insertion).toBe(Number(miss[2]));
    expect(server?.avg_request_latency?.parts_us.cache_hit_miss).toBe(Number(/cache hit\/miss (\d+) usec/.exec(text)?.[1]));
  });

  it('an ensemble: its own compute line, then each composing model with its own split (08)', () => {
    const text = read('08_server_issue3245_ensemble_p95_TRUNCATED.txt');
    const server = parsePerfAnalyzerStdout(text).measurements[0]?.server;
    const own = /Avg request latency: (\d+) usec \(overhead (\d+) usec \+ queue (\d+) usec \+ compute (\d+) usec\)/.exec(text) ?? [];
    expect(server?.avg_request_latency?.parts_us).toEqual({ overhead: Number(own[2]), queue: Number(own[3]), compute: Number(own[4]) });
    const names = all(text, /^\s*(\S+), version: ?(.*)$/gm).map((m) => ({ name: m[1], version: m[2] }));
    expect(server?.composing_models.map((c) => ({ name: c.name, version: c.version }))).toEqual(names);
    // The composing model's figures are the lines after its name, not the ensemble's.
    const after = text.slice(text.indexOf('version:'));
    expect(server?.composing_models[0]?.stats.inference_count).toBe(Number(/Inference count: (\d+)/.exec(after)?.[1]));
    expect(server?.composing_models[0]?.stats.avg_request_latency?.parts_us.compute_infer).toBe(Number(/compute infer (\d+) usec/.exec(after)?.[1]));
    expect(server?.inference_count).toBe(Number(/Inference count: (\d+)/.exec(text)?.[1]));
    const settings = parsePerfAnalyzerStdout(text).settings;
    expect(settings.concurrency_limit).toBe(Number(/Concurrency limit: (\d+)/.exec(text)?.[1]));
    expect(settings.stabilizing_on).toBe('p95 latency');
  });

  it('the newer settings lines, a request-rate block and a failure line (text written to the reference’s format)', () => {
    const text = [
      '*** Measurement Settings ***',
      '  Service Kind: TRITON',
      '  Using "count_windows" mode for stabilization',
      '  Stabilizing using p95latency and throughput',
      '  Minimum number of samples in each window: 50',
      '  Using asynchronous calls for inference',
      '',
      'Request Rate: 200 inference requests per second',
      '  Client: ',
      '    Request count: 3000',
      '    Throughput: 199.5 infer/sec',
      'Failed to obtain stable measurement within 10 measurement windows for request rate 400. Please try to increase the --measurement-request-count.',
      'Inferences/Second vs. Client p95 Batch Latency',
      'Request Rate: 200, throughput: 199.5 infer/sec, latency 5120 usec',
    ].join('\n');
    const run = parsePerfAnalyzerStdout(text);
    expect(run.settings).toEqual({ service_kind: 'TRITON', measurement_mode: 'count_windows', stabilizing_on: 'p95latency and throughput', min_samples_per_window: 50, calls: 'asynchronous' });
    expect(run.measurements[0]).toMatchObject({ mode: 'request-rate', value: 200, client: { request_count: 3000, throughput_infer_per_s: 199.5 } });
    expect(run.summary).toEqual([{ mode: 'request-rate', value: 200, throughput_infer_per_s: 199.5, latency_us: 5120 }]);
    expect(run.summary_latency).toBe('p95');
    expect(run.failures).toHaveLength(1);
    expect(run.unrecognised).toEqual([]);
  });
});

describe('a stdout cut off inside a block', () => {
  const text = read('01_quick_start_simple_http_sync.txt');
  const lines = text.split('\n');
  const lineOf = (prefix: string) => lines.findIndex((l) => l.trim().startsWith(prefix));
  const cutAfter = (prefix: string) => lines.slice(0, lineOf(prefix) + 1).join('\n');

  it.each(stdoutFixtures)('%s: every recorded stdout is whole', (file) => {
    expect(parsePerfAnalyzerStdout(read(file)).incomplete).toEqual([]);
  });

  it('names the measurement whose client block stops after its request count, and the lines it lacks', () => {
    const run = parsePerfAnalyzerStdout(cutAfter('Request count:'));
    const header = lineOf('Request concurrency:');
    expect(run.incomplete).toEqual([{ line: header + 1, block: `"${lines[header]?.trim()}"`, missing: expect.arrayContaining(['Throughput']) }]);
    expect(() => assertCompleteOutput(run, 'saved.txt')).toThrow(expect.objectContaining({ code: 'E_PERF_ANALYZER_INCOMPLETE', message: expect.stringContaining(`saved.txt:${header + 1}:`) }));
  });

  it('names a server block that stops before its average request latency', () => {
    const run = parsePerfAnalyzerStdout(cutAfter('Inference count:'));
    expect(run.incomplete).toEqual([{ line: lineOf('Server:') + 1, block: expect.stringContaining('Server block'), missing: ['Avg request latency'] }]);
  });

  it('accepts the same text cut after a whole block', () => {
    const run = parsePerfAnalyzerStdout(cutAfter('Avg request latency:'));
    expect(run.measurements).toHaveLength(1);
    expect(() => assertCompleteOutput(run, 'saved.txt')).not.toThrow();
  });
});
