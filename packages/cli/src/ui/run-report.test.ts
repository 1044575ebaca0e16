import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunRecord } from '@pipeline/core';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../testing/cli-harness.testing.js';

// `pipeline run` in-process on a stage that reports a benchmark-like summary and gates.
const plugin = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/summary-stage.mjs');
const dir = scratchDir('run-report-');
// 30 bins of an error histogram, with empty bins at both ends and in the middle.
const histogram = Array.from({ length: 30 }, (_, i) => (i < 3 || i > 27 || i % 7 === 0 ? 0 : (i * 37) % 101));
writeFileSync(
  path.join(dir, 'deploy.yaml'),
  `name: report
plugins: [${JSON.stringify(plugin)}]
stages:
  fast:
    uses: fixture/summary
    with: { p99: 1.0630049999999756, max_p99_ms: 5, throughput: 640, histogram: ${JSON.stringify(histogram)} }
  slow:
    uses: fixture/summary
    with: { p99: 9.25, max_p99_ms: 5, throughput: 108 }
`,
);

function run(args: string[] = [], env: Record<string, string> = {}) {
  return runCli(['run', 'deploy.yaml', '--continue', 'always', ...args], { cwd: dir, env: { PATH: process.env.PATH, CI: 'true', ...env } });
}

function lastRunRecord(): RunRecord {
  const runs = path.join(dir, '.pipeline/runs');
  const last = readdirSync(runs).filter((name) => !name.endsWith('.json')).sort().at(-1) ?? '';
  return JSON.parse(readFileSync(path.join(runs, last, 'run.json'), 'utf8')) as RunRecord;
}

describe('pipeline run: stage summaries and gates in the terminal', () => {
  it('prints each stage’s summary without code fences, its gates, then the failed gates with their messages', async () => {
    const { code, stdout } = await run();
    expect(code).toBe(1);
    const record = lastRunRecord();
    const text = stdout.slice(stdout.indexOf('\n── '));
    // One section per stage, in run order, after the live lines.
    const sections = [...text.matchAll(/^── (\S+) \(fixture\/summary\) . (\w+)$/gm)].map((m) => [m[1], m[2]]);
    expect(sections).toEqual(record.stages.map((s) => [s.id, s.status]));
    expect(text.match(/^=== Performance summary ===$/gm)).toHaveLength(2);
    expect(text).not.toContain('```');
    // Gate lines carry the recorded figures: value and bound, with their unit.
    for (const stage of record.stages) {
      for (const gate of stage.gates) {
        const unit = gate.unit ? ` ${gate.unit}` : '';
        const figures = `${gate.name}: ${gate.metric} = ${Number(gate.value.toPrecision(6))}${unit}, required ${gate.op} ${gate.bound}${unit}`;
        expect(text).toContain(`  ${gate.passed ? '✔ passed' : '✖ FAILED'}  ${figures}`);
      }
    }
    const failed = record.stages.flatMap((s) => s.gates.filter((g) => !g.passed).map((g) => ({ stage: s.id, ...g })));
    expect(failed.map((g) => [g.stage, g.name])).toEqual([['slow', 'max_p99_ms']]);
    const tail = text.slice(text.indexOf('✖ 1 gate failed:'));
    expect(tail).toContain('  slow › max_p99_ms: latency.p99_ms = 9.25 ms, required <= 5 ms\n');
    expect(tail).toContain(`    ${failed[0]?.message}\n`);
  });

  it('prints gate values to 6 significant digits; run.json keeps the exact number', async () => {
    const { stdout } = await run();
    expect(stdout).toContain('  ✔ passed  max_p99_ms: latency.p99_ms = 1.063 ms, required <= 5 ms\n');
    expect(lastRunRecord().stages[0]?.gates.find((g) => g.name === 'max_p99_ms')?.value).toBe(1.0630049999999756);
  });

  it('draws each stage’s charts after its summary, at most 12 rows each, histogram counts kept', async () => {
    const { stdout } = await run();
    const record = lastRunRecord();
    for (const stage of record.stages) {
      const section = stdout.slice(stdout.indexOf(`── ${stage.id} `), stdout.indexOf('gates:', stdout.indexOf(`── ${stage.id} `)));
      const blocks = section.trimEnd().split('\n\n').slice(1); // after the header and summary, one block per chart
      expect(blocks.map((b) => b.split('\n')[0])).toEqual(stage.charts.map((c) => `${c.title}: ${c.y.label}${c.y.unit ? ` (${c.y.unit})` : ''} by ${c.x.label}`));
      for (const block of blocks) expect(block.trimEnd().split('\n').length).toBeLessThanOrEqual(12);
      expect(section.indexOf('=== Performance summary ===')).toBeLessThan(section.indexOf('Throughput by batch size'));
    }
    // The histogram's bars: one count per line, together every element of the 30 bins.
    const fast = stdout.slice(stdout.indexOf('|a−b| of output out'), stdout.indexOf('gates:', stdout.indexOf('|a−b| of output out')));
    const counts = fast.trimEnd().split('\n').slice(1).map((line) => Number(line.split(' ').at(-1)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(histogram.reduce((a, b) => a + b, 0));
    expect(fast).toMatch(/█/);
  });

  it('draws in ASCII when the locale is not UTF-8', async () => {
    const { stdout } = await run([], { LANG: 'C' });
    const charts = stdout.slice(stdout.indexOf('Throughput by batch size'));
    expect(charts).toMatch(/#/);
    expect(charts).not.toMatch(/[\u2580-\u259f\u2800-\u28ff]/); // no block elements, no braille
  });

  it('prints only run.json with --json', async () => {
    const { code, stdout } = await run(['--json']);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as RunRecord).stages.map((s) => s.summary?.includes('=== Performance summary ==='))).toEqual([true, true]);
  });
});
