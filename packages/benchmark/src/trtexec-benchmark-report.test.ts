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
    // No recorded log uses --batch: trtexec's qps counts queries, and what a sample is stays unknown.
    expect(result?.throughput.inferences_per_s).toBe(want.qps);
    expect(result?.batch).toBeNull();
    expect(result?.throughput.samples_per_s).toBeNull();
    expect(result?.warnings.map((w) => w.code)).toContain('W_BATCH_UNKNOWN');
    const totalGpu = /\[I\] Total GPU Compute Time: (\S+) s$/m.exec(text)?.[1];
    if (totalGpu === undefined) expect(result?.gpu_compute_total_ms).toBeUndefined();
    else expect(result?.gpu_compute_total_ms).toBeCloseTo(Number(totalGpu) * 1000, 9);
    const deserialized = /Engine deserialized in (\S+) sec/.exec(text)?.[1];
    expect(checked.runner.details?.engine_deserialized_in_s).toBe(deserialized === undefined ? undefined : Number(deserialized));
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

  it('does not take dim 0 of yolov8’s --shapes=images:2x3x640x640 for a batch, but uses a batch the caller knows', () => {
    const text = readFileSync(path.join(fixtures, 'trt8.6.1-yolov8-loadEngine-dynamic-shapes-benchmark-success.excerpt.log'), 'utf8');
    const qps = Number(/Throughput: (\S+) qps/.exec(text)?.[1]);
    const unknown = trtexecBenchmarkReport(parseTrtexecLog(text), 'y.log')?.results[0];
    expect(unknown?.batch).toBeNull();
    expect(unknown?.throughput).toEqual({ inferences_per_s: qps, samples_per_s: null });
    const known = trtexecBenchmarkReport(parseTrtexecLog(text), 'y.log', { batch: 2 })?.results[0];
    expect(known?.batch).toBe(2);
    expect(known?.throughput).toEqual({ inferences_per_s: qps, samples_per_s: qps * 2 });
  });

  it('keeps the --dumpProfile Total row beside the summary (a --separateProfileRun log has both)', () => {
    // No recorded log has both, so the run is the summary log's, with the profile of the dumpProfile log.
    const summaryLog = readFileSync(path.join(fixtures, 'trt10.16-mnist-loadEngine-loadInputs-dumpOutput-success.log'), 'utf8');
    const profileLog = readFileSync(path.join(fixtures, 'trt10.16-mnist-loadEngine-dumpProfile-exportTimes-exportProfile-success.log'), 'utf8');
    const run = parseTrtexecLog(summaryLog);
    const profile = parseTrtexecLog(profileLog).profile;
    if (profile) run.profile = profile;
    const row = /\[I\]\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+Total$/m.exec(profileLog);
    const iterations = /=== Profile \((\d+) iterations/.exec(profileLog)?.[1];
    const total = trtexecBenchmarkReport(run, 'p.log')?.results[0]?.layer_profile_total;
    expect(total).toEqual({ time_ms: Number(row?.[1]), average_ms: Number(row?.[2]), median_ms: Number(row?.[3]), percentage: Number(row?.[4]), iterations: Number(iterations) });
  });

  it('keeps "Engine loaded in" (reading the plan file) beside the deserialisation time', () => {
    // No recorded log prints the line; it is written here as sampleEngines.cpp prints it (`Engine loaded in <s> sec.`).
    const base = readFileSync(path.join(fixtures, 'trt10.16-mnist-loadEngine-loadInputs-dumpOutput-success.log'), 'utf8');
    const stamp = /^(\[[^\]]+\]) \[I\] Engine deserialized in/m.exec(base)?.[1] ?? '';
    const text = base.replace(/^(.*Engine deserialized in .*)$/m, `${stamp} [I] Engine loaded in 0.00731 sec.\n$1`);
    const details = trtexecBenchmarkReport(parseTrtexecLog(text), 'l.log')?.runner.details;
    expect(details?.engine_loaded_in_s).toBe(Number(/Engine loaded in (\S+) sec/.exec(text)?.[1]));
    expect(details?.engine_deserialized_in_s).toBe(Number(/Engine deserialized in (\S+) sec/.exec(text)?.[1]));
  });
});
