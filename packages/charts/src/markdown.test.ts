import { describe, expect, it } from 'vitest';
import { renderChartMarkdown } from './markdown.js';
import type { Chart } from './types.js';

const throughput: Chart = {
  id: 't',
  title: 'Throughput by batch size',
  type: 'line',
  x: { label: 'batch' },
  y: { label: 'throughput', unit: 'samples/s' },
  series: [{ name: 'samples/s', points: [[1, 630.25], [2, 1131.5], [4, 1784]] }],
};

/** The lines inside the ```mermaid fence, trimmed. */
function mermaidLines(markdown: string): string[] {
  const body = markdown.match(/^```mermaid\n([\s\S]*?)\n```$/m)?.[1];
  expect(body).toBeDefined();
  return (body ?? '').split('\n').map((l) => l.trim());
}

describe('renderChartMarkdown', () => {
  it('a line chart as a Mermaid xychart: categories, y range from the data, one line per series', () => {
    expect(mermaidLines(renderChartMarkdown(throughput))).toEqual([
      'xychart-beta',
      'title "Throughput by batch size"',
      'x-axis "batch" ["1", "2", "4"]',
      'y-axis "throughput (samples/s)" 630.25 --> 1784',
      'line [630.25, 1131.5, 1784]',
    ]);
  });

  it('several series: one statement each, named below (Mermaid draws no legend)', () => {
    const md = renderChartMarkdown({ ...throughput, series: [...throughput.series, { name: 'p99', points: [[1, 1], [2, 2], [4, 3]] }] });
    expect(mermaidLines(md).filter((l) => l.startsWith('line '))).toEqual(['line [630.25, 1131.5, 1784]', 'line [1, 2, 3]']);
    expect(md).toContain('Lines, in drawing order: samples/s, p99.');
  });

  it('a histogram as bars from zero, empty ends dropped', () => {
    const hist: Chart = { id: 'h', title: 'Errors "abs"', type: 'histogram', x: { label: 'error' }, y: { label: 'elements' }, series: [{ name: 'e', points: [[0, 0], [0.25, 3], [0.5, 9], [1, 0]] }] };
    expect(mermaidLines(renderChartMarkdown(hist))).toEqual(['xychart-beta', `title "Errors 'abs'"`, 'x-axis "error" ["0.25", "0.5"]', 'y-axis "elements" 0 --> 9', 'bar [3, 9]']);
  });

  it('falls back to a table when Mermaid cannot say it: series on different x, exponent numbers', () => {
    const ragged = renderChartMarkdown({ ...throughput, series: [...throughput.series, { name: 'p99', points: [[1, 2]] }] });
    expect(ragged).not.toContain('```');
    expect(ragged.split('\n')).toEqual([
      '**Throughput by batch size**',
      '',
      '| batch | samples/s (throughput (samples/s)) | p99 (throughput (samples/s)) |',
      '|---:|---:|---:|',
      '| 1 | 630.25 | 2 |',
      '| 2 | 1131.5 |  |',
      '| 4 | 1784 |  |',
      '',
    ]);
    const tiny = renderChartMarkdown({ ...throughput, series: [{ name: 'e', points: [[1, 1e-7]] }] });
    expect(tiny).toContain('| 1 | 1e-07 |');
  });
});
