/**
 * A chart as stages report it (`ChartData` in @pipeline/sdk, `charts[]` in run.json). Declared here
 * structurally, so this package depends on nothing; the CLI passing run.json charts in is what keeps
 * the two shapes in step (a drift fails its type check).
 */
export interface Chart {
  id: string;
  title: string;
  type: 'line' | 'bar' | 'histogram';
  x: Axis;
  y: Axis;
  series: readonly Series[];
}

export interface Axis {
  label: string;
  unit?: string | undefined;
}

export interface Series {
  name: string;
  /** `[x, y]`; for a histogram x is a bin's lower edge and y its count. */
  points: readonly (readonly [number, number])[];
}

/** How a terminal can show text: see `terminalCapabilities` for how they are detected. */
export interface TextOptions {
  /** The terminal's width; a chart never draws wider. */
  columns: number;
  /** Unicode blocks and braille; otherwise plain ASCII (`#`, `*`, `|`). */
  unicode: boolean;
  /** ANSI colours. */
  color: boolean;
  /** At most this many rows per chart, title and axes included (default 12). */
  maxRows?: number;
}

/** `label (unit)`, or just the label. */
export function axisTitle(axis: Axis): string {
  return axis.unit ? `${axis.label} (${axis.unit})` : axis.label;
}
