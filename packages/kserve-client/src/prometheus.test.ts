import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from './prometheus.js';
import { readTritonMetrics } from './triton-metrics.js';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/recorded/triton/metrics');

/** A second, plain reading of the samples: name, the raw label text, the value (the last field). */
function plainSamples(text: string): { name: string; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => ({ name: line.split(/[{\s]/)[0] ?? '', value: Number(line.trim().split(/\s+/).at(-1)) }));
}

describe('parsePrometheusText on the recorded Triton metrics snippets', () => {
  for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.txt'))) {
    it(`reads every sample of ${file}`, () => {
      const text = readFileSync(join(fixtures, file), 'utf8');
      const families = parsePrometheusText(text);
      const samples = families.flatMap((f) => f.samples);
      expect(samples.map((s) => ({ name: s.name, value: s.value }))).toEqual(plainSamples(text));
      for (const sample of samples) expect(sample.labels.model).toBe('my_model');
    });
  }

  it('keeps the quantile and le labels, with +Inf as a number', () => {
    const text = readFileSync(join(fixtures, 'docs_histogram_snippet_DOC_HELP_NAME_MISMATCH.txt'), 'utf8');
    const buckets = parsePrometheusText(text).flatMap((f) => f.samples).filter((s) => s.labels.le !== undefined);
    expect(buckets.map((s) => s.labels.le)).toEqual(['100', '500', '2000', '5000', '+Inf']);
  });

  it('refuses a line that is not a sample', () => {
    expect(() => parsePrometheusText('nv_inference_count{model="m",version="1"} 3\n')).not.toThrow();
    expect(() => parsePrometheusText('nv_inference_count{model="m",version="1"} three\n')).toThrow(/not a number/);
  });
});

describe('readTritonMetrics', () => {
  const text = [
    '# TYPE nv_inference_request_failure counter',
    'nv_inference_request_failure{model="cls",reason="REJECTED",version="1"} 2',
    'nv_inference_request_failure{model="cls",reason="BACKEND",version="1"} 3',
    'nv_inference_count{model="cls",version="1"} 40',
    'nv_inference_exec_count{model="cls",version="1"} 10',
    'nv_gpu_utilization{gpu_uuid="GPU-1"} 0.5',
    'nv_gpu_power_usage{gpu_uuid="GPU-1"} 70.5',
    'nv_gpu_memory_used_bytes{gpu_uuid="GPU-1"} 1024',
  ].join('\n');

  it('sums failures over reasons and keeps GPU gauges per uuid', () => {
    const metrics = readTritonMetrics(parsePrometheusText(text));
    expect(metrics.models).toHaveLength(1);
    expect(metrics.models[0]).toMatchObject({ model: 'cls', version: '1', requestFailure: 5, inferenceCount: 40, executionCount: 10 });
    expect(metrics.gpus).toEqual([
      { uuid: 'GPU-1', utilization: 0.5, powerUsageWatts: 70.5, powerLimitWatts: undefined, memoryUsedBytes: 1024, memoryTotalBytes: undefined, energyJoules: undefined },
    ]);
  });

  it('has no GPUs on a CPU-only server', () => {
    expect(readTritonMetrics(parsePrometheusText('nv_inference_count{model="cls",version="1"} 1\n')).gpus).toEqual([]);
  });
});
