import { describeGate } from '@pipeline/sdk';
import { describe, expect, it } from 'vitest';
import { renderJunit } from './junit-report.js';
import { runRecord, stageRecord } from './record.testing.js';
import { renderRunReport } from './run-report.js';
import { renderStepSummary } from './step-summary.js';

const gate = { name: 'max_p99_ms', metric: 'p99', value: 9.25, op: '<=' as const, bound: 5, unit: 'ms', message: 'p99 above the bound', passed: false };
const record = runRecord(
  [
    stageRecord('inspect', { durationMs: 120, metrics: [{ name: 'ops', value: 42 }], summary: '```text\n42 ops\n```\n' }),
    stageRecord('bench', { status: 'failed', durationMs: 900, gates: [gate, { ...gate, name: 'min_throughput', metric: 'throughput', op: '>=', value: 640, bound: 100, unit: 'samples/s', passed: true }] }),
    stageRecord('broken', { status: 'errored', error: { code: 'E_STAGE', message: 'it broke <here>', hint: 'fix it' } }),
    stageRecord('later', { status: 'skipped', attempts: 0, reason: 'a dependency failed' }),
    stageRecord('again', { status: 'cached' }),
  ],
  { status: 'failed', exitCode: 1 },
);

describe('the renderings of one run record', () => {
  it('JUnit: a testcase per stage, counted by status, with the failed gate and the escaped error', () => {
    const xml = renderJunit(record);
    const testcases = [...xml.matchAll(/<testcase classname="deploy" name="([^"]+)"/g)].map((m) => m[1]);
    expect(testcases).toEqual(record.stages.map((s) => s.id));
    expect(xml).toContain(`tests="${record.stages.length}" failures="1" errors="1" skipped="1" time="2.500"`);
    expect(xml).toContain('<failure type="E_GATE_FAILED" message="max_p99_ms">max_p99_ms: p99 = 9.25 ms, required &lt;= 5 ms</failure>');
    expect(xml).toContain('<error type="E_STAGE" message="it broke &lt;here&gt;">it broke &lt;here&gt;\nhint: fix it</error>');
    expect(xml).toContain('<skipped message="a dependency failed"/>');
  });

  it('step summary: the verdict, a row per stage, a row per gate', () => {
    const md = renderStepSummary(record).split('\n');
    expect(md[0]).toBe('## pipeline `deploy`: ❌ a gate failed');
    const stageTable = md.slice(md.indexOf('| Stage | Status | Duration | Details |') + 2);
    const stageRows = stageTable.slice(0, stageTable.indexOf(''));
    expect(stageRows.map((row) => row.split(' | ')[0]?.slice(2))).toEqual(record.stages.map((s) => s.id));
    expect(stageRows[2]).toContain('`E_STAGE` it broke <here>');
    const gateTable = md.slice(md.indexOf('### Gates') + 4);
    expect(gateTable.slice(0, 2)).toEqual(['| bench | max_p99_ms | 9.25 ms | <= 5 | ❌ |', '| bench | min_throughput | 640 samples/s | >= 100 | ✅ |']);
  });

  it('terminal report: summaries without fences, each gate, then the failed gates last', () => {
    const text = renderRunReport(record, { color: false, unicode: true, columns: 80 }, ['outputs:']);
    const lines = text.trimEnd().split('\n');
    expect(lines).toContain('42 ops');
    expect(lines).not.toContain('```text');
    expect(lines).toContain(`  ✖ FAILED  ${describeGate(gate)}`);
    expect(lines.slice(-3)).toEqual(['✖ 1 gate failed:', `  bench › ${describeGate(gate)}`, `    ${gate.message}`]);
    expect(lines.indexOf('outputs:')).toBeLessThan(lines.indexOf('✖ 1 gate failed:'));
  });

  it('terminal report: empty when no stage reported anything and nothing was written', () => {
    expect(renderRunReport(runRecord([stageRecord('quiet')]), { color: false, unicode: true, columns: 80 })).toBe('');
  });
});
