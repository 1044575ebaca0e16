import { describe, expect, it } from 'vitest';
import { describeGate, evaluateGate } from './report.js';

describe('describeGate: the one sentence of a gate', () => {
  it('names the gate and the metric, with the unit on both sides', () => {
    expect(describeGate({ name: 'max_p99_ms', metric: 'latency.p99_ms', value: 9.25, op: '<=', bound: 5, unit: 'ms' })).toBe('max_p99_ms: latency.p99_ms = 9.25 ms, required <= 5 ms');
  });

  it('leaves the unit out when the gate has none', () => {
    expect(describeGate({ name: 'min_top1', metric: 'top1', value: 0.5, op: '>=', bound: 0.9 })).toBe('min_top1: top1 = 0.5, required >= 0.9');
  });

  it('prints 6 significant digits, whatever the float noise', () => {
    const value = 1.0630049999999756;
    expect(describeGate({ name: 'g', metric: 'm', value, op: '<', bound: 1e-7 })).toBe(`g: m = ${Number(value.toPrecision(6))}, required < 1e-07`);
  });

  it('says the same of a judged gate (a GateRecord) and never adds its message or verdict', () => {
    const gate = { name: 'g', metric: 'm', value: 2, op: '==' as const, bound: 2, message: 'why it failed' };
    expect(describeGate(evaluateGate(gate))).toBe(describeGate(gate));
    expect(describeGate(evaluateGate(gate))).toBe('g: m = 2, required == 2');
  });
});
