import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunRecord } from '@pipeline/core';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.js';

// `pipeline run` in-process on a stage that reports a benchmark-like summary and gates.
const plugin = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/summary-stage.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'run-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  path.join(dir, 'deploy.yaml'),
  `name: report
plugins: [${JSON.stringify(plugin)}]
stages:
  fast:
    uses: fixture/summary
    with: { p99: 1.5, max_p99_ms: 5, throughput: 640 }
  slow:
    uses: fixture/summary
    with: { p99: 9.25, max_p99_ms: 5, throughput: 108 }
`,
);

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['run', 'deploy.yaml', '--continue', 'always', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, CI: 'true' },
    stdout: {
      write: (t: string) => {
        stdout += t;
      },
      isTTY: false,
    },
    stderr: {
      write: (t: string) => {
        stderr += t;
      },
      isTTY: false,
    },
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
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
        const figures = `${gate.name}: ${gate.metric} = ${gate.value}${unit}, required ${gate.op} ${gate.bound}${unit}`;
        expect(text).toContain(`  ${gate.passed ? '✔ passed' : '✖ FAILED'}  ${figures}`);
      }
    }
    const failed = record.stages.flatMap((s) => s.gates.filter((g) => !g.passed).map((g) => ({ stage: s.id, ...g })));
    expect(failed.map((g) => [g.stage, g.name])).toEqual([['slow', 'max_p99_ms']]);
    const tail = text.slice(text.indexOf('✖ 1 gate failed:'));
    expect(tail).toContain('  slow › max_p99_ms: latency.p99_ms = 9.25 ms, required <= 5 ms\n');
    expect(tail).toContain(`    ${failed[0]?.message}\n`);
  });

  it('prints only run.json with --json', async () => {
    const { code, stdout } = await run('--json');
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as RunRecord).stages.map((s) => s.summary?.includes('=== Performance summary ==='))).toEqual([true, true]);
  });
});
