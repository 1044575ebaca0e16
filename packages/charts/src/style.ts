/** ANSI colours for series and bars, in the order series take them. */
const SERIES_COLORS = [36, 35, 33, 32, 34, 31] as const; // cyan, magenta, yellow, green, blue, red

/** `text` in the colour of series `index`, or unchanged when colour is off. */
export function paint(text: string, index: number, color: boolean): string {
  if (!color || text === '') return text;
  return `\x1b[${SERIES_COLORS[index % SERIES_COLORS.length]}m${text}\x1b[39m`;
}

/** `text` cut to `width` characters, with an ellipsis when cut. */
export function truncate(text: string, width: number, unicode: boolean): string {
  if (text.length <= width) return text;
  const mark = unicode ? '…' : '~';
  return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}${mark}`;
}
