import { describeGate } from '@pipeline/sdk';
import { describe, expect, it } from 'vitest';
import { failedGateAnnotations } from './gate-annotations.js';
import { diagnosticAnnotation, githubAnnotation } from './github-annotations.js';
import { runRecord, stageRecord } from './record.testing.js';

/** GitHub's own reading of a workflow command: `::level props::message`, properties split on `,`, then unescaped. */
function readCommand(line: string) {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line.trimEnd());
  if (!m) return undefined;
  const unescapeData = (t: string) => t.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props = Object.fromEntries((m[2] ?? '').split(',').filter(Boolean).map((p) => [p.slice(0, p.indexOf('=')), unescapeData(p.slice(p.indexOf('=') + 1))]));
  return { level: m[1], props, message: unescapeData(m[3] ?? '') };
}

describe('GitHub annotations', () => {
  it('a diagnostic lands on its file, line and column, message and hint intact through the escaping', () => {
    const d = { code: 'E_X', severity: 'error' as const, message: '100% wrong, a:b', hint: 'line one\nline two', loc: { file: 'dir,x/deploy.yaml', line: 4, column: 7 } };
    expect(readCommand(diagnosticAnnotation(d))).toEqual({ level: 'error', props: { file: 'dir,x/deploy.yaml', line: '4', col: '7', title: 'E_X' }, message: '100% wrong, a:b\nhint: line one\nline two' });
    expect(githubAnnotation({ level: 'warning', message: 'plain' })).toBe('::warning::plain\n');
  });

  it('each failed gate is an error on the pipeline file with both figures; passed gates are not', () => {
    const failed = { name: 'max_p99_ms', metric: 'latency.p99_ms', value: 9.25, op: '<=' as const, bound: 5, unit: 'ms', passed: false };
    const record = runRecord([stageRecord('bench', { status: 'failed', gates: [failed, { ...failed, name: 'ok', value: 1, passed: true }] })], { status: 'failed', exitCode: 1 });
    const lines = failedGateAnnotations(record).trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const read = readCommand(lines[0] ?? '');
    expect(read?.props.file).toBe(record.pipeline.file);
    expect(read?.message).toBe(describeGate(failed));
    expect(read?.message).toContain('9.25');
    expect(read?.message).toContain('5 ms');
  });
});
