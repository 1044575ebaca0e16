import { describe, expect, it } from 'vitest';
import { renderLinePlot, seriesMarker } from './line-plot.js';
import type { Chart } from './types.js';

const sweep: Chart = {
  id: 'benchmark.sweep.latency',
  title: 'Latency by batch size',
  type: 'line',
  x: { label: 'batch' },
  y: { label: 'latency', unit: 'ms' },
  series: [
    { name: 'median', points: [[1, 0.5], [2, 1.0], [4, 2.0], [8, 4.25]] },
    { name: 'p99', points: [[1, 2], [2, 3], [4, 4.5], [8, 6.0]] },
  ],
};

/** Row and column of every occurrence of `glyph` in the plot rows (after the `┤`/`│` axis). */
function positions(lines: string[], glyph: string): [number, number][] {
  const found: [number, number][] = [];
  lines.slice(1, -3).forEach((line, row) => {
    const plot = line.slice(line.search(/[┤│|+]/) + 1);
    [...plot].forEach((ch, col) => {
      if (ch === glyph) found.push([row, col]);
    });
  });
  return found;
}

describe('renderLinePlot', () => {
  it('fits 12 rows and the columns; names the axes, the min/max ticks and the series', () => {
    const lines = renderLinePlot(sweep, { columns: 70, unicode: true, color: false });
    expect(lines.length).toBeLessThanOrEqual(12);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(70);
    expect(lines[0]).toBe('Latency by batch size: latency (ms) by batch');
    expect(lines[1]).toMatch(/^ {2}6 ┤/); // y max, padded to the width of the min
    expect(lines.at(-4)).toMatch(/^0\.5 ┤/); // y min
    expect(lines.at(-2)).toMatch(/^ {5}1 +batch, log scale +8$/);
    expect(lines.at(-1)).toBe(`${seriesMarker(0, true)} median  ${seriesMarker(1, true)} p99`);
  });

  it('puts each point’s marker where its value falls: extremes on the edges, one tick per x', () => {
    const lines = renderLinePlot(sweep, { columns: 70, unicode: true, color: false, maxRows: 12 });
    const height = 12 - 4;
    const axis = lines.at(-3)!;
    const width = axis.length - axis.indexOf('└') - 1;
    // x spans 1..8 (a factor of 8), so the scale is logarithmic: 1, 2, 4, 8 are evenly spaced.
    expect((axis.match(/┬/g) ?? []).length).toBe(4);
    const column = (x: number) => Math.floor(Math.round((Math.log(x) / Math.log(8)) * (2 * width - 1)) / 2);
    const row = (y: number) => height - 1 - Math.floor(Math.round(((y - 0.5) / (6 - 0.5)) * (4 * height - 1)) / 4);
    sweep.series.forEach((s, i) => {
      const expected = s.points.map(([x, y]) => [row(y), column(x)]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
      expect(positions(lines, seriesMarker(i, true))).toEqual(expected);
    });
    expect(positions(lines, seriesMarker(1, true))[0]).toEqual([0, width - 1]); // p99 at batch 8 is the max
  });

  it('ASCII without Unicode, no escape codes without colour', () => {
    const lines = renderLinePlot(sweep, { columns: 60, unicode: false, color: false });
    expect(lines.join('\n')).toMatch(/^[\x20-\x7e\n]*$/);
    expect(positions(lines, '*')).toHaveLength(4);
    expect(renderLinePlot(sweep, { columns: 60, unicode: true, color: true }).join('')).toContain('\x1b[35m');
  });

  it('an empty or flat series still draws', () => {
    expect(renderLinePlot({ ...sweep, series: [] }, { columns: 60, unicode: true, color: false })).toEqual(['Latency by batch size: latency (ms) by batch', '  (no data)']);
    const flat = renderLinePlot({ ...sweep, series: [{ name: 'x', points: [[1, 3], [2, 3]] }] }, { columns: 60, unicode: true, color: false });
    expect(positions(flat, '●')).toHaveLength(2);
  });
});
