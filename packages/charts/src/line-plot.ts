import { formatNumber } from './format-number.js';
import { paint, truncate } from './style.js';
import { axisTitle, type Chart, type TextOptions } from './types.js';

const MARKERS = { unicode: ['●', '◆', '▲', '■', '○', '◇'], ascii: ['*', 'o', 'x', '@', '%', '&'] } as const;
/** Braille dot bits by [row 0..3][column 0..1] within a cell (Unicode's 2×4 braille pattern block). */
const BRAILLE_BITS = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
] as const;

/** The glyph that marks the data points of series `index`. */
export function seriesMarker(index: number, unicode: boolean): string {
  const set = unicode ? MARKERS.unicode : MARKERS.ascii;
  return set[index % set.length]!;
}

interface Scale {
  /** Dot position (0 = left / bottom) of a value. */
  dot(value: number): number;
  log: boolean;
}

/**
 * A linear scale onto `dots` positions, or a logarithmic one when every value is positive and they
 * span a factor of 8 or more (batch sweeps 1, 2, 4 … 64 would otherwise crowd into the left edge).
 */
function scale(min: number, max: number, dots: number, allowLog: boolean): Scale {
  const log = allowLog && min > 0 && max / min >= 8;
  const f = log ? Math.log : (v: number) => v;
  const lo = f(min);
  const span = f(max) - lo;
  return { log, dot: (v) => (span > 0 ? Math.round(((f(v) - lo) / span) * (dots - 1)) : Math.floor((dots - 1) / 2)) };
}

/**
 * A line chart as a compact plot: braille dots (2×4 per cell) for the lines, a marker per data point
 * and series, min/max ticks on both axes, and a legend; `.` and ASCII markers without Unicode. At most
 * `maxRows` lines (default 12): a title, the plot, the x axis, its ticks, the legend.
 */
export function renderLinePlot(chart: Chart, options: TextOptions): string[] {
  const { unicode, color } = options;
  const series = chart.series.map((s) => ({ name: s.name, points: s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).sort((a, b) => a[0] - b[0]) }));
  const all = series.flatMap((s) => s.points);
  const title = truncate(`${chart.title}: ${axisTitle(chart.y)} by ${axisTitle(chart.x)}`, options.columns, unicode);
  if (all.length === 0) return [title, '  (no data)'];
  const [xMin, xMax] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  const [yMin, yMax] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  const height = Math.max(2, (options.maxRows ?? 12) - 4);
  const yTicks = [formatNumber(yMax, 4), formatNumber(yMin, 4)];
  const tickWidth = Math.max(...yTicks.map((t) => t.length));
  const width = Math.max(8, Math.min(60, options.columns - tickWidth - 2));
  const xs = scale(xMin, xMax, width * 2, true);
  const ys = scale(yMin, yMax, height * 4, false);

  const bits = Array.from({ length: height }, () => new Array<number>(width).fill(0));
  const owner = Array.from({ length: height }, () => new Array<number>(width).fill(-1));
  const markers = new Map<number, number>(); // cell (row * width + column) → series
  const plot = (dx: number, dy: number, s: number) => {
    const row = height - 1 - Math.floor(dy / 4);
    const col = Math.floor(dx / 2);
    bits[row]![col]! |= BRAILLE_BITS[3 - (dy % 4)]![dx % 2]!;
    owner[row]![col] = s;
  };
  series.forEach((s, index) => {
    const dots = s.points.map(([x, y]) => [xs.dot(x), ys.dot(y)] as const);
    dots.forEach(([dx, dy], i) => {
      const next = dots[i + 1];
      if (next) for (const [lx, ly] of lineDots(dx, dy, next[0], next[1])) plot(lx, ly, index);
      else plot(dx, dy, index);
      markers.set((height - 1 - Math.floor(dy / 4)) * width + Math.floor(dx / 2), index);
    });
  });

  const [vertical, tick, corner, horizontal, xTick] = unicode ? ['│', '┤', '└', '─', '┬'] : ['|', '+', '+', '-', '+'];
  const lines = [title];
  for (let row = 0; row < height; row++) {
    const label = row === 0 ? yTicks[0]! : row === height - 1 ? yTicks[1]! : '';
    let cells = '';
    for (let col = 0; col < width; col++) {
      const marker = markers.get(row * width + col);
      const b = bits[row]![col]!;
      if (marker !== undefined) cells += paint(seriesMarker(marker, unicode), marker, color);
      else if (b !== 0) cells += paint(unicode ? String.fromCharCode(0x2800 + b) : '.', owner[row]![col]!, color);
      else cells += ' ';
    }
    lines.push(`${label.padStart(tickWidth)} ${label ? tick : vertical}${cells.trimEnd()}`);
  }
  const tickColumns = new Set(all.map(([x]) => Math.floor(xs.dot(x) / 2)));
  let axis = '';
  for (let col = 0; col < width; col++) axis += tickColumns.has(col) ? xTick : horizontal;
  lines.push(`${' '.repeat(tickWidth)} ${corner}${axis}`);
  // The x ticks under the axis' ends, its title centred between them when it fits (it is in the title line too).
  const [low, high] = [formatNumber(xMin, 4), formatNumber(xMax, 4)];
  const name = `${axisTitle(chart.x)}${xs.log ? ', log scale' : ''}`;
  const gap = width - low.length - high.length;
  const middle = gap >= name.length + 2 ? `${' '.repeat(Math.floor((gap - name.length) / 2))}${name}`.padEnd(gap) : ' '.repeat(Math.max(1, gap));
  lines.push(`${' '.repeat(tickWidth + 2)}${xMin === xMax ? low : `${low}${middle}${high}`}`);
  lines.push(series.map((s, i) => `${paint(seriesMarker(i, unicode), i, color)} ${s.name}`).join('  '));
  return lines;
}

/** The dots of a straight line between two dots, ends included (Bresenham). */
export function lineDots(x0: number, y0: number, x1: number, y1: number): [number, number][] {
  const dots: [number, number][] = [];
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  let [x, y] = [x0, y0];
  for (;;) {
    dots.push([x, y]);
    if (x === x1 && y === y1) return dots;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y += sy;
    }
  }
}
