import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { StageFailedError } from '@pipeline/errors';
import type { BenchmarkReport } from '@pipeline/kinds';
import { type PerfAnalyzerHttps, perfAnalyzerHttpsArgs } from './https-flags.js';
import { parsePerfAnalyzerCsv } from './parse-csv.js';
import { describeIncomplete, parsePerfAnalyzerStdout } from './parse-stdout.js';
import { perfAnalyzerBenchmarkReport } from './to-benchmark-report.js';
import type { PerfAnalyzerCsv, PerfAnalyzerRun } from './types.js';

/** The subprocess runner this backend needs: the stage context's `exec` fits it. */
export type RunTool = (
  file: string,
  args: readonly string[],
  options?: { timeoutMs?: number; reject?: boolean },
) => Promise<{ exitCode: number | null; stdout: string; stderr: string; timedOut: boolean }>;

/** What to measure, in perf_analyzer's terms (docs/cli.md); each maps onto one flag. */
export interface PerfAnalyzerOptions {
  /** The perf_analyzer executable (as found on PATH by the caller's probe). */
  executable: string;
  model: string;
  version?: string;
  /** perf_analyzer's `-u`: `host:port`, or `https://host:port` for https (perfAnalyzerUrl). */
  url: string;
  protocol?: 'http' | 'grpc';
  batch?: number;
  /** `start:end:step`, e.g. `1:16:1`. One of concurrency or request rate. */
  concurrencyRange?: string;
  requestRateRange?: string;
  requestDistribution?: 'constant' | 'poisson';
  measurementMode?: 'time_windows' | 'count_windows';
  measurementIntervalMs?: number;
  measurementRequestCount?: number;
  stabilityPct?: number;
  maxTrials?: number;
  /** Stabilise on this percentile instead of the average. */
  percentile?: number;
  /** Shapes of dynamic inputs without the batch dim, as perf_analyzer takes them. */
  shapes?: Record<string, number[]>;
  inputData?: string;
  headers?: Record<string, string>;
  /** The `--ssl-https-*` settings, for an `https://` url (perfAnalyzerHttpsFor makes them from a load's `tls:`). */
  https?: PerfAnalyzerHttps;
  /** Where perf_analyzer writes its CSV (`-f`); it is read back into the report. */
  csvFile: string;
  timeoutMs?: number;
}

/** perf_analyzer's argv for the options, in the order its docs list the flags. */
export function perfAnalyzerArgs(o: PerfAnalyzerOptions): string[] {
  const args = ['-m', o.model, '-u', o.url, '-i', o.protocol ?? 'http'];
  if (o.version !== undefined) args.push('-x', o.version);
  if (o.batch !== undefined) args.push('-b', String(o.batch));
  if (o.concurrencyRange !== undefined) args.push('--concurrency-range', o.concurrencyRange);
  if (o.requestRateRange !== undefined) args.push('--request-rate-range', o.requestRateRange);
  if (o.requestDistribution !== undefined) args.push('--request-distribution', o.requestDistribution);
  if (o.measurementMode !== undefined) args.push('--measurement-mode', o.measurementMode);
  if (o.measurementIntervalMs !== undefined) args.push('-p', String(o.measurementIntervalMs));
  if (o.measurementRequestCount !== undefined) args.push('--measurement-request-count', String(o.measurementRequestCount));
  if (o.stabilityPct !== undefined) args.push('-s', String(o.stabilityPct));
  if (o.maxTrials !== undefined) args.push('-r', String(o.maxTrials));
  if (o.percentile !== undefined) args.push(`--percentile=${o.percentile}`);
  for (const [name, dims] of Object.entries(o.shapes ?? {})) args.push('--shape', `${name}:${dims.join(',')}`);
  if (o.inputData !== undefined) args.push('--input-data', o.inputData);
  for (const [name, value] of Object.entries(o.headers ?? {})) args.push('-H', `${name}:${value}`);
  if (o.https !== undefined) args.push(...perfAnalyzerHttpsArgs(o.https));
  args.push('-f', o.csvFile);
  return args;
}

export interface PerfAnalyzerOutcome {
  argv: string[];
  run: PerfAnalyzerRun;
  csv: PerfAnalyzerCsv | undefined;
  report: BenchmarkReport;
}

/**
 * A shell-quoted command line that runs perf_analyzer again as this run did; header values are masked
 * (they carry credentials). No other flag passed carries one: the `--ssl-https-*` values are paths and levels.
 */
export function perfAnalyzerRepro(executable: string, argv: readonly string[]): string {
  const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);
  return [executable, ...maskHeaderValues(argv)].map(quote).join(' ');
}

/** The argv with each `-H Name:Value`'s value as `***`: the only flag passed whose value may be a credential. */
function maskHeaderValues(argv: readonly string[]): string[] {
  return argv.map((word, i) => (argv[i - 1] === '-H' ? `${word.split(':')[0]}:***` : word));
}

/** The last lines of a tool's stderr, indented under the message (the evidence a failure needs). */
function stderrTail(stderr: string, lines = 10): string {
  const tail = stderr.trimEnd().split('\n').slice(-lines).filter((l) => l.trim() !== '');
  return tail.length ? `\n  perf_analyzer's stderr (last ${tail.length} lines):${tail.map((l) => `\n    ${l}`).join('')}` : '';
}

/**
 * Runs perf_analyzer and reads its stdout and CSV into a benchmark-report, the same report as
 * `pipeline import perf-analyzer` makes. A non-zero exit, a timeout or a run with no measurement is a
 * StageFailedError (exit 3) carrying perf_analyzer's own failure lines, the tail of its stderr and a
 * command line that reproduces the run.
 */
export async function runPerfAnalyzer(options: PerfAnalyzerOptions, exec: RunTool): Promise<PerfAnalyzerOutcome> {
  const argv = perfAnalyzerArgs(options);
  // The CSV and the CA file went to a scratch folder that is gone by the time anyone reads this: the
  // repro writes the CSV here and names the CA file by its base name (it holds the params' `tls.ca`).
  const scratch = path.dirname(options.csvFile);
  const caFile = options.https?.caCertificatesFile;
  const reproHttps = caFile !== undefined && path.dirname(caFile) === scratch ? { https: { ...options.https, caCertificatesFile: path.basename(caFile) } } : {};
  const repro = perfAnalyzerRepro(options.executable, perfAnalyzerArgs({ ...options, ...reproHttps, csvFile: 'perf.csv' }));
  const result = await exec(options.executable, argv, { reject: false, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) });
  const run = parsePerfAnalyzerStdout(result.stdout);
  // The command goes into the report (an artifact, kept and shared): header values masked there too.
  run.command ??= `perf_analyzer ${maskHeaderValues(argv).join(' ')}`;
  const failures = [...run.failures, ...parsePerfAnalyzerStdout(result.stderr).failures];
  if (result.timedOut || result.exitCode !== 0) {
    const why = result.timedOut ? `timed out after ${options.timeoutMs} ms` : `exited with ${result.exitCode}`;
    const unstable = failures.some((f) => /stable/i.test(f));
    throw new StageFailedError('E_PERF_ANALYZER_FAILED', `perf_analyzer ${why}${failures.length ? `: ${failures.join(' ')}` : ''}${stderrTail(result.stderr)}`, {
      hint: `${unstable ? 'lengthen the measurement windows (perf_analyzer’s -p or --measurement-request-count: window.ms or window.requests) so they agree' : 'see the stage log for perf_analyzer’s whole output'}; reproduce: ${repro}`,
      transient: unstable,
    });
  }
  const cut = describeIncomplete(run, 'perf_analyzer stdout');
  if (cut !== undefined) {
    throw new StageFailedError('E_PERF_ANALYZER_INCOMPLETE', `perf_analyzer exited with 0 but its output was cut short: ${cut}${stderrTail(result.stderr)}`, {
      hint: `a measurement with missing lines would be read as zeros; see the stage log for its whole output; reproduce: ${repro}`,
    });
  }
  let csv: PerfAnalyzerCsv | undefined;
  try {
    csv = parsePerfAnalyzerCsv(await readFile(options.csvFile, 'utf8'), options.csvFile);
  } catch {
    csv = undefined; // perf_analyzer writes no CSV when it measured nothing; the stdout says why.
  }
  try {
    return { argv, run, csv, report: perfAnalyzerBenchmarkReport(run, csv, { stdout: 'perf_analyzer stdout', csv: options.csvFile }) };
  } catch (error) {
    throw new StageFailedError('E_PERF_ANALYZER_NO_MEASUREMENT', `perf_analyzer exited with 0 but printed no measurement${failures.length ? `: ${failures.join(' ')}` : ''}${stderrTail(result.stderr)}`, {
      cause: error,
      hint: `is it perf_analyzer? its stdout has no "Request concurrency"/"Request Rate" block and it wrote no -f CSV; reproduce: ${repro}`,
    });
  }
}
