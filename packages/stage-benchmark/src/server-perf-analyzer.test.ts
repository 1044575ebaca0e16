import { describe, expect, it } from 'vitest';
import { choosePerfAnalyzer } from '@pipeline/perf-analyzer';
import { serverPerfAnalyzerLimits } from './server-backend.js';
import { perfAnalyzerOptionsFor } from './server-perf-analyzer.js';
import { serverBenchmarkParamsSchema } from './server-params.js';

const params = (extra: Record<string, unknown>) => ({ ...serverBenchmarkParamsSchema.parse({ url: 'http://127.0.0.1:8000', model: 'm', ...extra }), url: 'http://127.0.0.1:8000' });
const choose = (p: ReturnType<typeof params>, probed: { found: boolean; path?: string }) => choosePerfAnalyzer(p.backend, p.perf_analyzer_path, probed, serverPerfAnalyzerLimits(p));
const found = { found: true, path: '/opt/tritonclient/bin/perf_analyzer' };
const metadata = { name: 'm', versions: ['1'], platform: 'onnxruntime_onnx', inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 3, -1] }], outputs: [] };

describe('choosing perf_analyzer for benchmark/server', () => {
  it('backend loadgen never runs it, even when found', () => {
    expect(choose(params({}), found)).toEqual({});
  });

  it('backend perf_analyzer takes perf_analyzer_path before what the probe found, and fails without either', () => {
    expect(choose(params({ backend: 'perf_analyzer' }), found).executable).toBe(found.path);
    expect(choose(params({ backend: 'perf_analyzer', perf_analyzer_path: '/x/pa' }), found).executable).toBe('/x/pa');
    expect(() => choose(params({ backend: 'perf_analyzer' }), { found: false })).toThrow(expect.objectContaining({ code: 'E_PERF_ANALYZER_NOT_FOUND' }));
  });

  it('backend auto runs it when found and able, else the built-in generator, and says why', () => {
    expect(choose(params({ backend: 'auto', concurrency: '1:4:1' }), found).executable).toBe(found.path);
    expect(choose(params({ backend: 'auto' }), { found: false })).toEqual({ note: expect.stringContaining('not found') });
    expect(choose(params({ backend: 'auto', concurrency: '1:16:x2' }), found)).toEqual({ note: expect.stringContaining('1:16:x2') });
  });

  it('names the param perf_analyzer cannot follow, after accepting the same params without it', () => {
    expect(serverPerfAnalyzerLimits(params({ concurrency: '1:16:2' }))).toEqual([]);
    expect(serverPerfAnalyzerLimits(params({ concurrency: '1:16:x2' })).map((p) => p.path)).toEqual([['concurrency']]);
    expect(serverPerfAnalyzerLimits(params({ slo: { max_p99_ms: 5 } })).map((p) => p.path)).toEqual([['slo']]);
  });

  it('an https server with tls settings is the perf_analyzer backend’s to load too (its --ssl-https-* flags)', () => {
    const https = { ...params({ backend: 'perf_analyzer', tls: { ca: 'PEM', reject_unauthorized: false } }), url: 'https://triton.example:443' };
    expect(serverPerfAnalyzerLimits(https)).toEqual([]);
    expect(choose({ ...https, backend: 'auto' }, found).executable).toBe(found.path);
  });
});

describe('perf_analyzer options from benchmark/server params', () => {
  it('request-rate mode with count windows', () => {
    const o = perfAnalyzerOptionsFor(params({ request_rate: '100:300:100', distribution: 'poisson', window: { mode: 'count', requests: 80 } }), metadata, { x: [1, 3, 40] }, '/pa', '/w/pa.csv');
    expect(o).toMatchObject({ requestRateRange: '100:300:100', requestDistribution: 'poisson', measurementMode: 'count_windows', measurementRequestCount: 80, shapes: { x: [3, 40] }, url: '127.0.0.1:8000' });
    expect(o.concurrencyRange).toBeUndefined();
    expect(o.measurementIntervalMs).toBeUndefined();
  });

  it('passes the https settings it is given, and -u keeps the https scheme', () => {
    const https = { verifyPeer: 0, verifyHost: 0 } as const;
    const o = perfAnalyzerOptionsFor({ ...params({}), url: 'https://triton.example:8443' }, metadata, { x: [1, 3, 40] }, '/pa', '/w/pa.csv', https);
    expect(o).toMatchObject({ url: 'https://triton.example:8443', https });
    expect(perfAnalyzerOptionsFor(params({}), metadata, { x: [1, 3, 40] }, '/pa', '/w/pa.csv').https).toBeUndefined();
  });

  it('a single concurrency is spelled as a range, and the timeout covers every window of every load', () => {
    const o = perfAnalyzerOptionsFor(params({ concurrency: '2', window: { ms: 500, max_windows: 4 } }), metadata, { x: [1, 3, 40] }, '/pa', '/w/pa.csv');
    expect(o.concurrencyRange).toBe('2:2:1');
    expect(o.timeoutMs).toBeGreaterThanOrEqual(4 * 500);
  });
});
