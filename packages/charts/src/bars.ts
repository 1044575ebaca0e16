import { formatNumber } from './format-number.js';
import { paint, truncate } from './style.js';
import type { TextOptions } from './types.js';

/** One horizontal bar: its label and value (a negative value draws no bar). */
export interface BarRow {
  label: string;
  value: number;
}

export interface BarOptions extends Pick<TextOptions, 'columns' | 'unicode' | 'color'> {
  /** The longest bar, in cells, when the terminal is wide enough (default 40). */
  maxBarWidth?: number;
  /** How a value is printed after its bar (default: 6 significant digits). */
  formatValue?: (value: number) => string;
}

/** Eighth blocks: a bar's last cell shows how far into it the value reaches. */
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;

/**
 * Horizontal bars, one line each: `label  ████▍ value`. Lengths are proportional to the values (the
 * largest fills the bar width) in eighths of a cell, or whole `#` cells in ASCII; a positive value
 * always shows at least its smallest mark, so "some" never reads as "none".
 */
export function renderBars(rows: readonly BarRow[], options: BarOptions): string[] {
  const format = options.formatValue ?? ((v: number) => formatNumber(v));
  const values = rows.map((r) => format(r.value));
  const valueWidth = Math.max(0, ...values.map((v) => v.length));
  const labelWidth = Math.min(Math.max(0, ...rows.map((r) => r.label.length)), Math.max(8, Math.floor(options.columns / 3)));
  const barWidth = Math.max(1, Math.min(options.maxBarWidth ?? 40, options.columns - labelWidth - valueWidth - 3));
  const largest = Math.max(0, ...rows.map((r) => r.value));
  return rows.map((row, i) => {
    const bar = barText(largest > 0 ? row.value / largest : 0, barWidth, options.unicode);
    return `${truncate(row.label, labelWidth, options.unicode).padEnd(labelWidth)}  ${paint(bar, 0, options.color)} ${values[i]}`;
  });
}

/** A bar for `fraction` (0..1) of `width` cells. */
export function barText(fraction: number, width: number, unicode: boolean): string {
  if (!(fraction > 0)) return '';
  if (!unicode) return '#'.repeat(Math.max(1, Math.round(fraction * width)));
  const eighths = Math.max(1, Math.round(fraction * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}
