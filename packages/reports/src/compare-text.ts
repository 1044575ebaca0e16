import { formatNumber } from '@pipeline/charts';
import type { ComparedFigure, RunComparison } from './compare-runs.js';

const value = (v: number | undefined, unit?: string) => (v === undefined ? '—' : `${formatNumber(v, 4)}${unit ? ` ${unit}` : ''}`);

/** `+1.2 ms (+3.4%)`, or `—`. */
export function deltaText(f: ComparedFigure): string {
  if (f.delta === undefined) return '—';
  const sign = f.delta > 0 ? '+' : '';
  const pct = f.deltaPct === undefined ? '' : ` (${f.deltaPct > 0 ? '+' : ''}${formatNumber(f.deltaPct, 3)}%)`;
  return `${sign}${formatNumber(f.delta, 4)}${f.unit ? ` ${f.unit}` : ''}${pct}`;
}

const MARK = { better: '▲ better', worse: '▼ worse', same: '', changed: 'changed' } as const;

/** The comparison as an aligned terminal table: stage, figure, a, b, delta, verdict. */
export function renderComparisonText(c: RunComparison): string {
  const rows = c.figures.map((f) => [f.stage, f.name, value(f.a, f.unit), value(f.b, f.unit), deltaText(f), f.verdict ? MARK[f.verdict] : 'only in one run']);
  const head = ['stage', 'figure', `a ${c.a.runId}`, `b ${c.b.runId}`, 'delta (b − a)', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}
