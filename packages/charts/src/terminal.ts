import type { TextOptions } from './types.js';

/** What `terminalCapabilities` reads of a stream: Node's `process.stdout` fits. */
export interface TerminalStream {
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

/**
 * How to draw for a stream: the locale decides Unicode (the first of LC_ALL, LC_CTYPE, LANG that is
 * set — as the C library picks it — must name UTF-8; none set counts as UTF-8, since the rest of the
 * CLI's output assumes it too), colour needs a TTY and no NO_COLOR (https://no-color.org) nor
 * TERM=dumb, and the width is the TTY's, else COLUMNS, else 80.
 */
export function terminalCapabilities(env: Readonly<Record<string, string | undefined>>, stream: TerminalStream): TextOptions {
  const locale = [env.LC_ALL, env.LC_CTYPE, env.LANG].find((value) => value !== undefined && value !== '');
  const unicode = locale === undefined || /utf-?8/i.test(locale);
  const color = stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
  const fromEnv = Number(env.COLUMNS);
  const columns = stream.columns && stream.columns > 0 ? stream.columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
  return { columns, unicode, color };
}
