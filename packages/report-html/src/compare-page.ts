import { deltaText, type RunComparison } from '@pipeline/reports';
import { esc } from './escape.js';
import { figure, section, table } from './format.js';
import { page } from './page.js';

const CLASS = { better: 'down', worse: 'up', same: '', changed: 'noise' } as const;

/** Two runs' figures side by side with deltas, as one self-contained page (`pipeline compare --html`). */
export function renderComparisonHtml(c: RunComparison): string {
  const rows = c.figures.map((f) => [
    `<code>${esc(f.stage)}</code>`,
    esc(f.name),
    figure(f.a, f.unit),
    figure(f.b, f.unit),
    `<span class="${f.verdict ? CLASS[f.verdict] : 'noise'}">${esc(deltaText(f))}</span>`,
    esc(f.verdict ?? 'only in one run'),
  ]);
  const body = table(['stage', 'figure', `a: ${esc(c.a.runId)}`, `b: ${esc(c.b.runId)}`, 'delta (b − a)', ''], rows, ' class="compare"');
  const subtitle = `a <code>${esc(c.a.runId)}</code> (${esc(c.a.pipeline)}, ${esc(c.a.status)}) · b <code>${esc(c.b.runId)}</code> (${esc(c.b.pipeline)}, ${esc(c.b.status)})`;
  return page({ title: 'pipeline compare', subtitle, sections: [section('figures', 'Figures', body)] });
}
