import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTrtexecLogParser, parseTrtexecLog, type TrtexecLogEvent } from '@pipeline/tensorrt';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const dir = path.resolve(repoRoot, 'test/fixtures/recorded/trtexec');
const logs = readdirSync(dir).filter((f) => f.endsWith('.log') && !f.startsWith('polygraphy'));
const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');

// Expected values are read off the text with plain regexes, independent of the parser's.
const infoLines = (text: string) => [...text.matchAll(/^(?:\[[^\]]*\] )?\[I\] (.*)$/gm)].map((m) => m[1] ?? '');
const metricFromText = (text: string, label: string) => {
  const line = infoLines(text).find((l) => l.startsWith(`${label}: min = `));
  if (!line) return undefined;
  const field = (name: string) => Number(new RegExp(`${name} = ([^ ,]+) ms`).exec(line)?.[1]);
  const percentiles = Object.fromEntries([...line.matchAll(/percentile\(([\d.]+)%\) = ([^ ,]+) ms/g)].map((m) => [m[1], Number(m[2])]));
  return { min: field('min'), max: field('max'), mean: field('mean'), median: field('median'), percentiles };
};

describe('parseTrtexecLog on every recorded log', () => {
  it.each(logs)('%s', (file) => {
    const text = read(file);
    const run = parseTrtexecLog(text);

    const endWord = /^&&&& (PASSED|FAILED) /m.exec(text)?.[1];
    expect(run.outcome).toBe(endWord === 'PASSED' ? 'passed' : endWord === 'FAILED' ? 'failed' : 'incomplete');

    const versionLine = /\[I\] TensorRT version: (\S+)/.exec(text)?.[1];
    if (versionLine) expect(run.tensorrtVersion).toBe(versionLine);

    const running = /^&&&& RUNNING \S+ \[TensorRT v\d+\](?: \[b\d+\])? # (.*)$/m.exec(text)?.[1];
    if (running !== undefined) {
      expect(run.start?.command).toBe(running);
      expect(run.start?.argv).toEqual(running.split(' '));
    }

    const throughput = /\[I\] Throughput: (\S+) qps/.exec(text)?.[1];
    expect(run.performance?.throughputQps).toBe(throughput === undefined ? undefined : Number(throughput));
    for (const [label, key] of [
      ['Latency', 'latency'],
      ['Enqueue Time', 'enqueueTime'],
      ['H2D Latency', 'h2dLatency'],
      ['GPU Compute Time', 'gpuComputeTime'],
      ['D2H Latency', 'd2hLatency'],
    ] as const) {
      expect(run.performance?.[key]).toEqual(metricFromText(text, label));
    }
    const walltime = /\[I\] Total Host Walltime: (\S+) s$/m.exec(text)?.[1];
    expect(run.performance?.totalHostWalltimeSeconds).toBe(walltime === undefined ? undefined : Number(walltime));
    const cov = /coefficient of variance = ([\d.]+)%/.exec(text)?.[1];
    expect(run.performance?.coefficientOfVariancePercent).toBe(cov === undefined ? undefined : Number(cov));

    const bindings = [...text.matchAll(/\[I\] (Input|Output) binding for (\S+) with dimensions (\S+)/g)];
    expect(run.bindings.map((b) => [b.direction, b.name, b.shape])).toEqual(bindings.map((m) => [m[1]?.toLowerCase(), m[2], m[3]]));

    const errorCount = (text.match(/\] \[E\] /g) ?? []).length;
    expect(run.errors).toHaveLength(errorCount);
    const warningCount = (text.match(/\] \[W\] /g) ?? []).length;
    expect(run.warnings).toHaveLength(warningCount);

    const built = /\[I\] Engine built in (\S+) sec/.exec(text)?.[1];
    expect(run.phases.build?.seconds).toBe(built === undefined ? undefined : Number(built));
    const parsed = /Parse time: (\S+)/.exec(text)?.[1];
    expect(run.phases.parse?.seconds).toBe(parsed === undefined ? undefined : Number(parsed));
    const size = /\[I\] Created engine with size: (\S+) MiB/.exec(text)?.[1];
    expect(run.engine.sizeMiB).toBe(size === undefined ? undefined : Number(size));
    expect(run.inference.skipped).toBe(text.includes('Skipped inference phase'));
  });
});

describe('version tags', () => {
  // Hand-decoded with the reference's rule: 8.x = M·1000+m·100+p, 10.x = M·10000+m·100+p.
  it.each([
    ['trt8.6.0-mnist-build-dynamic-shapes-skipInference-verbose-success.log', '8.6.0'],
    ['trt8.6.1-onnx-parse-failure-qdq-scale-FAILED.excerpt.log', '8.6.1'],
    ['trt10.0.1-loadEngine-incompatible-plan-FAILED.excerpt.log', '10.0.1'],
    ['trt10.3-build-failure-engine-could-not-be-created-FAILED.excerpt.log', '10.3.0'],
    ['trt10.16-mnist-onnx-build-and-benchmark-default-success.log', '10.16.1'],
  ])('%s is TensorRT %s', (file, version) => {
    expect(parseTrtexecLog(read(file)).tensorrtVersion).toBe(version);
  });
});

describe('option blocks and device information', () => {
  it('reads the 10.16 layout', () => {
    const run = parseTrtexecLog(read('trt10.16-mnist-onnx-build-and-benchmark-default-success.log'));
    expect(run.options['Build Options']?.Precision).toBe('FP32');
    expect(run.options['Reporting Options']?.Percentiles).toBe('90,95,99');
    expect(run.options['Inference Options']?.['CUDA Graph']).toBe('Disabled');
    expect(run.device?.name).toBe('NVIDIA H100 PCIe');
    expect(run.device?.computeCapability).toBe('9.0');
    expect(run.device?.available).toEqual([{ index: 0, name: 'NVIDIA H100 PCIe', uuid: 'GPU-31e9692b-62b7-2d62-f0b1-f4195b568ac7' }]);
  });
  it('reads the 8.6 layout (Max batch, build shape, no space after empty [I])', () => {
    const run = parseTrtexecLog(read('trt8.6.0-mnist-build-dynamic-shapes-skipInference-verbose-success.log'));
    expect(run.options['Build Options']?.['Max batch']).toBe('explicit batch');
    expect(run.options['Build Options']?.['Input build shape']).toBe('tensor-0=1x1x28x28+4x1x28x28+16x1x28x28');
    expect(run.options['Build Options']?.Precision).toBe('FP32+FP16');
    expect(run.device?.globalMemoryMiB).toBe(24256);
  });
  it('keeps the verbose metric explanations out of the summary', () => {
    const run = parseTrtexecLog(read('trt10.16-mnist-loadEngine-shapes-noDataTransfers-useCudaGraph-useSpinWait-verbose-success.log'));
    expect(run.performance?.totalHostWalltimeSeconds).toBe(3.00005);
    expect(run.performance?.otherMetrics).toEqual({});
  });
});

describe('dumpProfile table', () => {
  it('reads every row and the total, and notes why no summary was printed', () => {
    const text = read('trt10.16-mnist-loadEngine-dumpProfile-exportTimes-exportProfile-success.log');
    const run = parseTrtexecLog(text);
    const rows = [...text.matchAll(/\[I\] +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) +(\S.*)$/gm)];
    const layers = rows.filter((r) => r[5] !== 'Total');
    expect(run.profile?.layers.map((l) => [l.name, l.timeMs, l.percentage])).toEqual(layers.map((r) => [r[5], Number(r[1]), Number(r[4])]));
    expect(run.profile?.iterations).toBe(Number(/Profile \((\d+) iterations/.exec(text)?.[1]));
    expect(run.profile?.total?.percentage).toBe(100);
    expect(run.performance).toBeUndefined();
    expect(run.inference.summaryOmittedReason).toMatch(/not reported/);
  });
  it('reads the older name-first layout', () => {
    const run = parseTrtexecLog('[I] === Profile (10 iterations ) ===\n[I]  Layer   Time (ms)   Avg. Time (ms)   Time %\n[I]  conv1 + relu        1.50         0.1500        60.0\n[I]  Total        2.50   0.2500   100.0\n');
    expect(run.profile?.layers).toEqual([{ name: 'conv1 + relu', timeMs: 1.5, averageMs: 0.15, percentage: 60 }]);
  });
});

describe('streaming', () => {
  const file = 'trt10.16-mnist-onnx-build-and-benchmark-default-success.log';
  it('gives the same run for random chunk sizes as for the whole text', () => {
    const text = read(file);
    const whole = parseTrtexecLog(text);
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 5; trial++) {
      const parser = createTrtexecLogParser();
      for (let at = 0; at < text.length; ) {
        const size = 1 + Math.floor(random() * 300);
        parser.push(text.slice(at, at + size));
        at += size;
      }
      expect(parser.end()).toEqual(whole);
    }
  });
  it('keeps stdout and stderr partial lines apart', () => {
    const text = read(file);
    const whole = parseTrtexecLog(text);
    const parser = createTrtexecLogParser();
    // Each line goes to its stream, split in two halves; where the stream changes, the other
    // stream's first half lands between a line's two halves.
    const lines = text.split('\n').map((l, i, all) => (i < all.length - 1 ? `${l}\n` : l));
    let held: { rest: string; stream: 'stdout' | 'stderr' } | undefined;
    for (const line of lines) {
      const stream = /\] \[[WEF]\] /.test(line) ? 'stderr' : 'stdout';
      const half = Math.floor(line.length / 2);
      if (held?.stream === stream) parser.push(held.rest, held.stream);
      parser.push(line.slice(0, half), stream);
      if (held && held.stream !== stream) parser.push(held.rest, held.stream);
      held = { rest: line.slice(half), stream };
    }
    if (held) parser.push(held.rest, held.stream);
    const run = parser.end();
    expect(run.performance).toEqual(whole.performance);
    expect(run.outcome).toBe('passed');
    expect(run.warnings.map((w) => w.message)).toEqual(whole.warnings.map((w) => w.message));
  });
  it('emits events in log order', () => {
    const events: TrtexecLogEvent['type'][] = [];
    const parser = createTrtexecLogParser({ onEvent: (e) => events.push(e.type) });
    parser.push(read(file));
    parser.end();
    const firsts = ['start', 'options', 'device', 'tensorrt-version', 'binding', 'performance', 'end'].map((t) => events.indexOf(t as TrtexecLogEvent['type']));
    expect(firsts.every((i) => i >= 0)).toBe(true);
    expect([...firsts].sort((a, b) => a - b)).toEqual(firsts);
  });
});

describe('unknown and odd lines', () => {
  it('ignores lines it does not know and reads other percentiles', () => {
    const run = parseTrtexecLog(
      [
        '[I] Some future line: with a colon',
        'garbage without prefix',
        '[I] === Performance summary ===',
        '[I] Throughput: 1e+06 qps',
        '[I] Latency: min = 1e-05 ms, max = inf ms, mean = 2 ms, median = 2 ms, percentile(50%) = 2 ms, percentile(99.9%) = 3 ms',
        '[I] End-to-End Host Latency: min = 1 ms, max = 2 ms, mean = 1.5 ms, median = 1.5 ms, percentile(99%) = 2 ms',
        '[I] Jetson Thing: min = 1 ms, max = 2 ms, mean = 1.5 ms, median = 1.5 ms',
      ].join('\r\n'),
    );
    expect(run.performance?.throughputQps).toBe(1e6);
    expect(run.performance?.latency).toEqual({ min: 1e-5, max: Number.POSITIVE_INFINITY, mean: 2, median: 2, percentiles: { '50': 2, '99.9': 3 } });
    expect(run.performance?.endToEndHostLatency?.percentiles).toEqual({ '99': 2 });
    expect(Object.keys(run.performance?.otherMetrics ?? {})).toEqual(['Jetson Thing']);
    expect(run.outcome).toBe('incomplete');
  });
});
