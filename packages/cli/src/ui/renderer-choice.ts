/** What picks the run's live output: the stream it goes to, the environment, and `--json`. */
export interface RendererContext {
  isTTY?: boolean | undefined;
  /** The terminal's width; 0 or undefined when it does not say (e.g. `script` without a size). */
  columns?: number | undefined;
  env: Readonly<Record<string, string | undefined>>;
  json: boolean;
}

/**
 * Narrower than this, listr2's task tree (indented, one title per stage) cannot draw a line; it is
 * also the floor below which a reported width is taken as "unknown".
 */
export const MIN_LISTR_COLUMNS = 20;

/**
 * `listr` for the live task tree, `plain` for timestamped lines. The tree needs a terminal that says
 * how wide it is: listr2 reads `process.stdout.columns` itself and wraps at that width minus its
 * indentation, so a terminal reporting 0 columns gets one character per line. Guessing 80 would draw
 * a tree that may not fit; a terminal that does not know its size is as good as a log, so it gets the
 * plain lines, as CI and pipes do.
 */
export function chooseRenderer(context: RendererContext): 'listr' | 'plain' {
  const ci = context.env.CI !== undefined && context.env.CI !== '' && context.env.CI !== 'false';
  if (context.json || ci || context.isTTY !== true) return 'plain';
  return (context.columns ?? 0) >= MIN_LISTR_COLUMNS ? 'listr' : 'plain';
}
