import { renderChartText, type TextOptions } from '@pipeline/charts';
import { describeGate } from '@pipeline/sdk';
import type { RunRecord, StageRecord } from './run-record.js';
import { STATUS_MARK } from './format.js';
import { baselineCheckFails } from './judge-baseline.js';

const BASELINE_MARK = { ok: '✔ ok', 'within-noise': '≈ within noise', regression: '✖ REGRESSION', missing: '✖ MISSING' } as const;

/**
 * A stage summary is Markdown written for the step summary; in a terminal the code fences around
 * preformatted text (trtexec's "=== Performance summary ===") are noise, so they are dropped.
 */
function terminalText(markdown: string): string[] {
  return markdown
    .trimEnd()
    .split('\n')
    .filter((line) => !/^\s*```[\w-]*\s*$/.test(line));
}

function stageSection(stage: StageRecord, text: TextOptions): string[] {
  const lines = [`── ${stage.id} (${stage.uses}) ${STATUS_MARK[stage.status]} ${stage.status}`];
  if (stage.summary) lines.push(...terminalText(stage.summary));
  // Charts after the summary they illustrate: benchmark sweeps, validate's error histograms.
  for (const chart of stage.charts) lines.push('', ...renderChartText(chart, text));
  if (stage.gates.length > 0) {
    if (stage.charts.length > 0) lines.push('');
    lines.push('gates:');
    for (const gate of stage.gates) lines.push(`  ${gate.passed ? '✔ passed' : '✖ FAILED'}  ${describeGate(gate)}`);
  }
  return lines;
}

/** Charts in the run report: a glance, so at most 12 rows each. */
const CHART_ROWS = 12;

/**
 * What `pipeline run` prints after the live output (not with --json): each stage's human summary,
 * its charts and its gates as recorded in run.json, then `where` (the lines saying where the results
 * went: `renderRunOutputs`), then every failed gate again with its message, so the reason a run exits
 * 1 is the last thing on the screen. Empty when there is none of these.
 */
export function renderRunReport(record: RunRecord, text: TextOptions, where: readonly string[] = []): string {
  const reported = record.stages.filter((s) => s.summary || s.gates.length > 0 || s.charts.length > 0);
  if (reported.length === 0 && where.length === 0 && !record.baseline) return '';
  const lines: string[] = [];
  const options = { ...text, maxRows: Math.min(text.maxRows ?? CHART_ROWS, CHART_ROWS) };
  for (const stage of reported) lines.push('', ...stageSection(stage, options));
  if (record.baseline) {
    lines.push('', `── baseline ${record.baseline.run} (run ${record.baseline.runId})`);
    for (const check of record.baseline.checks) lines.push(`  ${BASELINE_MARK[check.verdict]}  ${check.message}`);
  }
  if (where.length > 0) lines.push('', ...where);
  const failed = reported.flatMap((s) => s.gates.filter((g) => !g.passed).map((g) => ({ stage: s.id, gate: g })));
  if (failed.length > 0) {
    lines.push('', `✖ ${failed.length} gate${failed.length === 1 ? '' : 's'} failed:`);
    for (const { stage, gate } of failed) {
      lines.push(`  ${stage} › ${describeGate(gate)}`);
      if (gate.message) lines.push(`    ${gate.message}`);
    }
  }
  const breached = record.baseline?.checks.filter(baselineCheckFails) ?? [];
  if (breached.length > 0) {
    lines.push('', `✖ ${breached.length} baseline threshold${breached.length === 1 ? '' : 's'} breached:`);
    for (const check of breached) lines.push(`  ${check.message}`);
  }
  return `${lines.join('\n')}\n`;
}
