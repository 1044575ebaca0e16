import { describe, expect, it } from 'vitest';
import { compareRuns } from './compare-runs.js';
import { renderComparisonText } from './compare-text.js';
import { runRecord, stageRecord } from './record.testing.js';

const bench = (p99: number, ips: number, engineBytes: number, ms: number) =>
  stageRecord('bench', {
    durationMs: ms,
    metrics: [
      { name: 'latency.p99_ms', value: p99, unit: 'ms', better: 'lower' },
      { name: 'throughput.inferences_per_s', value: ips, better: 'higher' },
    ],
    outputs: { engine: { kind: 'tensorrt-engine', digest: 'sha256:x', size: engineBytes, path: '/e.plan', meta: {} } },
  });

describe('compareRuns', () => {
  it('puts each figure side by side with its delta, percentage and direction', () => {
    const a = runRecord([bench(10, 200, 1000, 5000)]);
    const b = runRecord([bench(12, 250, 900, 4000), stageRecord('extra', { metrics: [{ name: 'n', value: 1 }] })]);
    const c = compareRuns(a, b);
    const get = (name: string) => c.figures.find((f) => f.name === name);
    expect(get('latency.p99_ms')).toMatchObject({ a: 10, b: 12, delta: 2, deltaPct: 20, verdict: 'worse' });
    expect(get('throughput.inferences_per_s')).toMatchObject({ a: 200, b: 250, delta: 50, deltaPct: 25, verdict: 'better' });
    expect(get('engine size (tensorrt-engine)')).toMatchObject({ a: 1000, b: 900, delta: -100, deltaPct: -10 });
    expect(get('stage time')).toMatchObject({ a: 5000, b: 4000, verdict: 'better' });
    expect(get('n')).toMatchObject({ a: undefined, b: 1, verdict: undefined });
    const text = renderComparisonText(c);
    expect(text).toMatch(/latency\.p99_ms +10 ms +12 ms +\+2 ms \(\+20%\) +▼ worse/);
  });
});
