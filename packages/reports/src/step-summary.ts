import { formatNumber, renderChartMarkdown } from '@pipeline/charts';
import type { RunRecord } from './run-record.js';
import { formatDuration, STATUS_MARK } from './format.js';
import { baselineCheckFails } from './judge-baseline.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The Markdown appended to `$GITHUB_STEP_SUMMARY`: a verdict, a table of stages, gates, stage summaries and charts. */
export function renderStepSummary(record: RunRecord): string {
  const verdict = { succeeded: '✅ succeeded', failed: record.baseline?.checks.some(baselineCheckFails) ? '❌ a gate or baseline threshold failed' : '❌ a gate failed', errored: '💥 a stage errored', cancelled: '⏹ cancelled' }[record.status];
  const lines = [
    `## pipeline \`${record.pipeline.name}\`: ${verdict}`,
    '',
    `Run \`${record.runId}\`, ${formatDuration(record.durationMs)}, exit code ${record.exitCode}.`,
    '',
    '| Stage | Status | Duration | Details |',
    '| --- | --- | --- | --- |',
  ];
  for (const stage of record.stages) {
    const details = stage.error ? `\`${stage.error.code}\` ${stage.error.message}` : (stage.reason ?? stage.metrics.map((m) => `${m.name} ${m.value}${m.unit ? ` ${m.unit}` : ''}`).join(', '));
    lines.push(`| ${cell(stage.id)} | ${STATUS_MARK[stage.status]} ${stage.status} | ${stage.status === 'cached' ? 'cached' : formatDuration(stage.durationMs)} | ${cell(details)} |`);
  }
  const gates = record.stages.flatMap((s) => s.gates.map((g) => ({ stage: s.id, ...g })));
  if (gates.length > 0) {
    lines.push('', '### Gates', '', '| Stage | Gate | Value | Required | |', '| --- | --- | --- | --- | --- |');
    for (const g of gates) lines.push(`| ${cell(g.stage)} | ${cell(g.name)} | ${formatNumber(g.value)}${g.unit ? ` ${g.unit}` : ''} | ${g.op} ${formatNumber(g.bound)} | ${g.passed ? '✅' : '❌'} |`);
  }
  if (record.baseline) {
    lines.push('', `### Baseline \`${cell(record.baseline.run)}\``, '', '| Stage | Metric | Baseline | Now | Change | Limits | |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const c of record.baseline.checks) {
      const figure = (v: number | undefined) => (v === undefined ? '—' : `${formatNumber(v)}${c.unit ? ` ${c.unit}` : ''}`);
      const change = c.delta === undefined ? '—' : `${c.delta > 0 ? '+' : ''}${formatNumber(c.delta)}${c.deltaPct === undefined ? '' : ` (${c.deltaPct > 0 ? '+' : ''}${formatNumber(c.deltaPct, 3)}%)`}`;
      const mark = { ok: '✅', 'within-noise': '≈ within noise', regression: '❌ regression', missing: '❌ missing' }[c.verdict];
      lines.push(`| ${cell(c.stage)} | ${cell(c.metric)} | ${figure(c.baseline)} | ${figure(c.current)} | ${change} | ${cell(c.limits.join(', '))} | ${mark} |`);
    }
  }
  // Each stage's summary, then its charts (Mermaid, which GitHub draws; a table where Mermaid cannot).
  for (const stage of record.stages.filter((s) => s.summary || s.charts.length > 0)) {
    lines.push('', `### ${stage.id}`);
    if (stage.summary) lines.push('', stage.summary);
    for (const chart of stage.charts) lines.push('', renderChartMarkdown(chart).trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
