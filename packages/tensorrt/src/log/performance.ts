import type { TrtexecMetricStats, TrtexecPerformanceSummary, TrtexecSummaryNoteKind } from './types.js';

// `Latency: min = X ms, max = X ms, mean = X ms, median = X ms, percentile(90%) = X ms, …`. The
// percentile list follows `--percentile`, so any number of them (or none, in old versions) is read.
const METRIC_LINE = /^([A-Za-z][A-Za-z0-9 -]*?): min = (\S+) ms, max = (\S+) ms, mean = (\S+) ms, median = (\S+) ms((?:, percentile\([^)]*%\) = \S+ ms)*)$/;
const PERCENTILE = /percentile\(([^)]*)%\) = (\S+) ms/g;

const KNOWN_METRICS: Record<string, keyof TrtexecPerformanceSummary> = {
  Latency: 'latency',
  'End-to-End Host Latency': 'endToEndHostLatency',
  'Enqueue Time': 'enqueueTime',
  'H2D Latency': 'h2dLatency',
  'GPU Compute Time': 'gpuComputeTime',
  'D2H Latency': 'd2hLatency',
};

/** C++ ostream prints `inf`, `-inf`, `nan` and `-nan`; Number() reads none of them. */
export function parseCppNumber(text: string): number {
  const t = text.toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity') return Number.POSITIVE_INFINITY;
  if (t === '-inf' || t === '-infinity') return Number.NEGATIVE_INFINITY;
  if (t === 'nan' || t === '-nan' || t === '+nan') return Number.NaN;
  return Number(text);
}

export function emptySummary(): TrtexecPerformanceSummary {
  return { otherMetrics: {}, notes: [] };
}

/**
 * Applies one `[I]` line of the performance summary to `summary`; returns false when the line is not
 * a summary line. The patterns are exact, so the verbose "Explanations" block (`Total Host Walltime:
 * the host walltime …`) never matches.
 */
export function applySummaryInfoLine(summary: TrtexecPerformanceSummary, message: string): boolean {
  let m = /^Throughput: (\S+) qps$/.exec(message);
  if (m) {
    summary.throughputQps = parseCppNumber(m[1] ?? '');
    return true;
  }
  m = /^Total Host Walltime: (\S+) s$/.exec(message);
  if (m) {
    summary.totalHostWalltimeSeconds = parseCppNumber(m[1] ?? '');
    return true;
  }
  m = /^Total GPU Compute Time: (\S+) s$/.exec(message);
  if (m) {
    summary.totalGpuComputeTimeSeconds = parseCppNumber(m[1] ?? '');
    return true;
  }
  m = METRIC_LINE.exec(message);
  if (!m) return false;
  const stats: TrtexecMetricStats = {
    min: parseCppNumber(m[2] ?? ''),
    max: parseCppNumber(m[3] ?? ''),
    mean: parseCppNumber(m[4] ?? ''),
    median: parseCppNumber(m[5] ?? ''),
    percentiles: {},
  };
  for (const p of (m[6] ?? '').matchAll(PERCENTILE)) stats.percentiles[p[1] ?? ''] = parseCppNumber(p[2] ?? '');
  const name = m[1] ?? '';
  const key = KNOWN_METRICS[name];
  if (key) (summary as unknown as Record<string, TrtexecMetricStats>)[key] = stats;
  else summary.otherMetrics[name] = stats;
  return true;
}

function noteKind(message: string): TrtexecSummaryNoteKind {
  if (/unstable/.test(message)) return 'unstable';
  if (/bound by Enqueue Time/i.test(message)) return 'enqueue-bound';
  if (/host-to-device/.test(message)) return 'h2d-bound';
  if (/device-to-host/.test(message)) return 'd2h-bound';
  if (/Multiple inference streams/i.test(message)) return 'multi-stream';
  return 'other';
}

/**
 * Applies a `[W]` line printed after the summary: `* …` starts a note, an indented line is the
 * advice under the previous note. Returns false for other warnings.
 */
export function applySummaryWarningLine(summary: TrtexecPerformanceSummary, message: string): boolean {
  if (message.startsWith('* ')) {
    const text = message.slice(2).trim();
    const kind = noteKind(text);
    summary.notes.push({ kind, message: text });
    const cov = /coefficient of variance = (\S+?)%/.exec(text);
    if (cov) summary.coefficientOfVariancePercent = parseCppNumber(cov[1] ?? '');
    return true;
  }
  const last = summary.notes.at(-1);
  if (/^\s{2}\S/.test(message) && last && last.advice === undefined) {
    last.advice = message.trim();
    return true;
  }
  return false;
}
