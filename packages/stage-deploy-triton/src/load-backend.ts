import { perfAnalyzerLimits } from '@pipeline/perf-analyzer/locate';

/**
 * Why perf_analyzer cannot make the deploy's load test (empty when it can), located under `load:`. Used by
 * the definition's `check` and by the run's backend choice, so it imports only perf-analyzer's light entry.
 */
export function deployPerfAnalyzerLimits(params: { tls?: Record<string, unknown> | undefined; load: false | { concurrency?: string | undefined } }) {
  const concurrency = params.load === false ? undefined : params.load.concurrency;
  // The load's settings live under `load:`; the server's `tls:` at the top of `with:`.
  return perfAnalyzerLimits({ tls: params.tls, ranges: { concurrency } }).map((l) => ({ ...l, path: l.path[0] === 'tls' ? l.path : ['load', ...l.path] }));
}
