import { builtinRunners } from '@pipeline/builtin-runners';
import { describe, expect, it } from 'vitest';
import { benchmarkParamsSchema } from './params.js';

describe('benchmark params: stability windows', () => {
  it('refuses a window with neither a duration nor enough runs to mean anything', () => {
    const result = benchmarkParamsSchema.safeParse({ stability: { window_ms: 0, window_runs: 1 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['stability', 'window_ms']);
  });
  it('accepts a count-based window with enough runs, a timed window, or stability off', () => {
    expect(benchmarkParamsSchema.safeParse({ stability: { window_ms: 0, window_runs: 3 } }).success).toBe(true);
    expect(benchmarkParamsSchema.safeParse({ stability: { window_ms: 50 } }).success).toBe(true);
    expect(benchmarkParamsSchema.safeParse({ stability: { enabled: false, window_ms: 0 } }).success).toBe(true);
  });
});

describe('benchmark params: runner', () => {
  it('accepts every runner of the registry and refuses a name it does not hold', () => {
    for (const name of builtinRunners.names) expect(benchmarkParamsSchema.parse({ runner: name }).runner).toBe(name);
    const result = benchmarkParamsSchema.safeParse({ runner: 'no-such-runner' });
    expect(result.error?.issues[0]?.path).toEqual(['runner']);
  });
});
