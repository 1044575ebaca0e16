import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarkReportSchema } from './report-schema.js';
import { parseTrtexecLog } from '@pipeline/tensorrt';
import { describe, expect, it } from 'vitest';
import { trtexecBenchmarkReport } from './trtexec-benchmark-report.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.resolve(repoRoot, 'test/fixtures/recorded/trtexec');
const logs = readdirSync(fixtures).filter((f) => f.endsWith('.log'));
const hasSummary = (text: string) => /=== Performance summary ===/.test(text) && /Throughput: \S+ qps/.test(text);

/** What a log says, read by simple regexes over its text (not by @pipeline/tensorrt). */
function expectedFromLog(text: string) {
  const line = (label: string) => new RegExp(`\\[I\\] ${label}: (min = .*)$`, 'm').exec(text)?.[1];
  const stats = (body: string) => {
    const ms = (name: string) => Number(new RegExp(`${name} = (\\S+) ms`).exec(body)?.[1]);
    const percentiles = [...body.matchAll(/percentile\(([\d.]+)%\) = (\S+) ms/g)].map((m) => ({ percentile: Number(m[1]), ms: Number(m[2]) }));
    const at = (p: number) => percentiles.find((x) => x.percentile === p)?.ms;
    const others = percentiles.filter((x) => ![90, 95, 99].includes(x.percentile));
    return { min_ms: ms('min'), max_ms: ms('max'), mean_ms: ms('mean'), median_ms: ms('median'), p90_ms: at(90), p95_ms: at(95), p99_ms: at(99), ...(others.length ? { other_percentiles: others } : {}) };
  };
  const component = (label: string) => {
    const body = line(label);
    return body === undefined ? undefined : stats(body);
  };
  const command = /&&&& (?:RUNNING|PASSED|FAILED) .*? # (.*)$/m.exec(text)?.[1] ?? '';
  const modelFlag = ['onnx', 'loadEngine', 'saveEngine'].map((flag) => new RegExp(`--${flag}=(\\S+)`).exec(command)?.[1]).find((file) => file !== undefined);
  return {
    qps: Number(/Throughput: (\S+) qps/.exec(text)?.[1]),
    latency: stats(line('Latency') ?? ''),
    components: { enqueue: component('Enqueue Time'), h2d: component('H2D Latency'), gpu_compute: component('GPU Compute Time'), d2h: component('D2H Latency') },
    modelFile: modelFlag,
  };
}

describe('trtexecBenchmarkReport on the recorded trtexec logs', () => {
  const withSummary = logs.filter((f) => hasSummary(readFileSync(path.join(fixtures, f), 'utf8')));
  const without = logs.filter((f) => !withSummary.includes(f));

  it('finds logs with and without a performance summary among the fixtures', () => {
    expect(withSummary.length).toBeGreaterThanOrEqual(4);
    expect(without.length).toBeGreaterThan(0);
  });

  it.each(withSummary)('maps %s onto a valid, imported report with the log’s figures', (name) => {
    const text = readFileSync(path.join(fixtures, name), 'utf8');
    const report = trtexecBenchmarkReport(parseTrtexecLog(text), `logs/${name}`);
    expect(report).toBeDefined();
    const checked = benchmarkReportSchema.parse(report);
    const want = expectedFromLog(text);
    expect(checked).toMatchObject({ source: 'trtexec', settings: { imported: true, source_log: `logs/${name}` }, runner: { backend: 'tensorrt' }, primary: 0 });
    const [result] = checked.results;
    expect(checked.results).toHaveLength(1);
    expect(result?.throughput.samples_per_s).toBe(want.qps);
    expect(result?.latency).toEqual(JSON.parse(JSON.stringify(want.latency)));
    // Every component the log prints is in the report, and none it does not print.
    for (const [key, figures] of Object.entries(want.components)) {
      const got = result?.components?.[key as keyof typeof want.components];
      if (figures === undefined) expect(got).toBeUndefined();
      else {
        const { cov_pct: _cov, ...printed } = got ?? {};
        expect(printed).toEqual(JSON.parse(JSON.stringify(figures)));
      }
    }
    // The model is named by the file trtexec ran, else by the log.
    expect(checked.model.name).toBe(path.basename(want.modelFile ?? name));
  });

  it.each(without)('gives nothing for %s, which has no performance summary', (name) => {
    const text = readFileSync(path.join(fixtures, name), 'utf8');
    expect(trtexecBenchmarkReport(parseTrtexecLog(text), name)).toBeUndefined();
  });
});
