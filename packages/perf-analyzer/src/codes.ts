/**
 * The stable codes of the perf_analyzer library. Tools and tests match on these; never rename one, only add.
 * `test/code-catalogues.test.ts` fails when the package throws or emits a code not listed here.
 */
export const PerfAnalyzerCode = {
  /** perf_analyzer exited non-zero or timed out. */
  Failed: 'E_PERF_ANALYZER_FAILED',
  /** A stage asked for perf_analyzer and none was found (PATH, or the path param). */
  NotFound: 'E_PERF_ANALYZER_NOT_FOUND',
  /** A load perf_analyzer cannot make (an SLO search, a multiplying range, a tls setting it has no flag for), named by param. */
  Params: 'E_PERF_ANALYZER_PARAMS',
  /** A measurement, server or composing-model block without a line it cannot be read without: the output was cut off. */
  Incomplete: 'E_PERF_ANALYZER_INCOMPLETE',
  /** perf_analyzer ran but printed no measurement. */
  NoMeasurement: 'E_PERF_ANALYZER_NO_MEASUREMENT',
  /** A file that is not perf_analyzer's -f CSV, or a row whose load is not a number. */
  Csv: 'E_PERF_ANALYZER_CSV',
  /** A text with no perf_analyzer measurement, summary line or CSV row. */
  NotOutput: 'E_NOT_PERF_ANALYZER_OUTPUT',
  /** A failure or warning line perf_analyzer printed, kept with the figures. */
  Message: 'W_PERF_ANALYZER_MESSAGE',
  /** perf_analyzer could not obtain a stable measurement for this load. */
  Unstable: 'W_UNSTABLE',
  /** Only the summary line of a load was saved: throughput and one latency. */
  SummaryOnly: 'W_SUMMARY_ONLY',
} as const;

export type PerfAnalyzerCode = (typeof PerfAnalyzerCode)[keyof typeof PerfAnalyzerCode];
