import type { BenchmarkReport } from '@pipeline/kinds';

/** Failed requests over all requests, every load of the report counted; 1 when nothing was sent. */
export function errorRate(report: BenchmarkReport): number {
  let failed = 0;
  let ok = 0;
  for (const r of report.results) {
    failed += r.errors?.total ?? 0;
    ok += r.timed_runs;
  }
  return failed + ok === 0 ? 1 : failed / (failed + ok);
}
