import { describe, expect, it } from 'vitest';
import { type ModelStatistics, statisticsDelta } from './statistics.js';

const d = (count: number, ns: number) => ({ count, ns });
function snapshot(requests: number, executions: number, queueNs: number, cacheHits = 0): ModelStatistics {
  return {
    name: 'cls',
    version: '1',
    last_inference: 0,
    inference_count: requests,
    execution_count: executions,
    inference_stats: {
      success: d(requests, requests * 1000_000),
      fail: d(0, 0),
      queue: d(requests, queueNs),
      compute_input: d(requests, 0),
      compute_infer: d(requests, requests * 500_000),
      compute_output: d(requests, 0),
      cache_hit: d(cacheHits, cacheHits * 2000),
      cache_miss: d(0, 0),
    },
    batch_stats: [{ batch_size: 4, compute_input: d(executions, 0), compute_infer: d(executions, 0), compute_output: d(executions, 0) }],
  };
}

describe('statisticsDelta', () => {
  it('subtracts cumulative counters and averages per request', () => {
    const delta = statisticsDelta(snapshot(8, 2, 4000), snapshot(24, 6, 20_000));
    expect(delta.inferenceCount).toBe(16);
    expect(delta.executionCount).toBe(4);
    expect(delta.averageBatchSize).toBe(4);
    expect(delta.averageUs?.queue).toBe(1);
    expect(delta.averageUs?.computeInfer).toBe(500);
    expect(delta.executionsByBatchSize).toEqual({ 4: 4 });
    expect(statisticsDelta(snapshot(8, 2, 0, 3), snapshot(24, 6, 0, 10)).cacheHit).toEqual({ count: 7, ns: 14_000 });
  });

  it('refuses counters that went backwards (a reload in between)', () => {
    expect(() => statisticsDelta(snapshot(8, 2, 0), snapshot(8, 2, 0))).not.toThrow();
    expect(() => statisticsDelta(snapshot(8, 2, 0), snapshot(4, 1, 0))).toThrow(/backwards/);
  });
});
