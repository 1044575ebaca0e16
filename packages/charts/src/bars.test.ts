import { describe, expect, it } from 'vitest';
import { renderBars } from './bars.js';

const PARTIAL = ' ▏▎▍▌▋▊▉';

/** A bar's length in eighths of a cell, read back from its glyphs. */
function eighthsOf(line: string): number {
  const bar = line.match(/[█▏▎▍▌▋▊▉]+/)?.[0] ?? '';
  return [...bar].reduce((sum, ch) => sum + (ch === '█' ? 8 : PARTIAL.indexOf(ch)), 0);
}

describe('renderBars', () => {
  const rows = [
    { label: 'Conv', value: 53 },
    { label: 'Relu', value: 40 },
    { label: 'BatchNormalization', value: 7 },
    { label: 'Softmax', value: 1 },
    { label: 'Pad', value: 0 },
  ];

  it('draws bars proportional to the values in eighth blocks, largest = the bar width', () => {
    const lines = renderBars(rows, { columns: 80, unicode: true, color: false, maxBarWidth: 30 });
    expect(lines).toHaveLength(rows.length);
    rows.forEach((row, i) => {
      const line = lines[i]!;
      expect(line.startsWith(row.label)).toBe(true);
      expect(line.endsWith(` ${row.value}`)).toBe(true);
      // 30 cells × 8 eighths for the largest (53); a positive value gets at least one eighth.
      const expected = row.value === 0 ? 0 : Math.max(1, Math.round((row.value / 53) * 30 * 8));
      expect(eighthsOf(line)).toBe(expected);
    });
    expect(eighthsOf(lines[0]!)).toBe(240);
  });

  it('fits the columns: narrower terminals get shorter bars, never wider lines', () => {
    for (const columns of [40, 60, 100]) {
      const lines = renderBars(rows, { columns, unicode: true, color: false });
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
    }
  });

  it('ASCII: whole `#` cells, same proportions, no Unicode', () => {
    const lines = renderBars(rows, { columns: 80, unicode: false, color: false, maxBarWidth: 20 });
    rows.forEach((row, i) => {
      const hashes = lines[i]!.match(/#+/)?.[0].length ?? 0;
      expect(hashes).toBe(row.value === 0 ? 0 : Math.max(1, Math.round((row.value / 53) * 20)));
    });
    expect(lines.join('')).toMatch(/^[\x20-\x7e]*$/);
  });

  it('colours bars only when asked', () => {
    expect(renderBars(rows, { columns: 80, unicode: true, color: false }).join('')).not.toContain('\x1b[');
    expect(renderBars(rows, { columns: 80, unicode: true, color: true })[0]).toMatch(/\x1b\[36m█+\x1b\[39m/);
  });
});
