import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, InvalidInputError, UsageError } from '@pipeline/errors';
import type { BenchmarkReport, BenchmarkResult } from '@pipeline/kinds';
import type { CliIO } from '../io.js';
import { writeOutputFile } from '../output-file.js';

export const PERF_ANALYZER_USAGE = `Usage: pipeline import perf-analyzer <stdout-file> [--csv f.csv] [--json] [--out <file>]

Turns perf_analyzer output you already have (its stdout, e.g. \`perf_analyzer … | tee perf.txt\`, and
optionally the CSV it wrote with -f) into a benchmark-report (schemas/benchmark-report.schema.json):
one result per concurrency or request rate, client percentiles, the HTTP/gRPC time split, the server
split (queue, compute input/infer/output) with an ensemble's composing models one by one, and GPU
metrics from a --collect-metrics CSV. Every release's format is read (old "Client: " lines, C API,
gRPC, response cache, summary-only excerpts).

Options:
  --csv <file>   the -f CSV of the same run (adds rows the stdout lacks, client send/recv, GPU metrics)
  --json         print the report JSON instead of the summary
  --out <file>   also write the report JSON to <file>

Exit codes: 0 read, 2 unreadable or not perf_analyzer output.
`;

async function readText(io: CliIO, file: string, what: string): Promise<string> {
  try {
    return await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new InvalidInputError('E_IMPORT_UNREADABLE', `${file}: cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
}

const ms = (value: number | undefined): string => (value === undefined ? '-' : (Math.round(value * 1000) / 1000).toString());

function loadLabel(r: BenchmarkResult): string {
  return r.load?.mode === 'request-rate' ? `rate ${r.load.asked_rate_per_s}/s` : `concurrency ${r.concurrency}`;
}

/** A few lines a person reads: each load's throughput and percentiles, then where the server spent the time. */
export function formatPerfAnalyzerImport(report: BenchmarkReport): string {
  const lines = [`perf_analyzer run of ${report.model.name} (${report.runner.backend}): ${report.results.length} load(s)`];
  for (const r of report.results) {
    const l = r.latency;
    lines.push(`  ${loadLabel(r)}: ${r.throughput.samples_per_s} infer/s, p50 ${ms(l.median_ms)} ms, p90 ${ms(l.p90_ms)} ms, p95 ${ms(l.p95_ms)} ms, p99 ${ms(l.p99_ms)} ms`);
    const parts = (b: Record<string, number>) =>
      Object.entries(b)
        .map(([k, v]) => `${k} ${ms(v)}`)
        .join(', ');
    if (r.server) lines.push(`    server: ${ms(r.server.request_latency_ms)} ms (${parts(r.server.breakdown_ms)})`);
    for (const c of r.server?.composing_models ?? []) lines.push(`      ${c.name}${c.version ? ` v${c.version}` : ''}: ${ms(c.request_latency_ms)} ms (${parts(c.breakdown_ms)})`);
    for (const g of r.gpus ?? []) lines.push(`    gpu ${g.id}: utilization ${g.utilization ?? '-'}, power ${g.power_w ?? '-'} W`);
    for (const w of r.warnings) lines.push(`    warning: ${w.message}`);
  }
  for (const w of report.warnings) lines.push(`warning: ${w.message}`);
  return `${lines.join('\n')}\n`;
}

/** `pipeline import perf-analyzer <stdout> [--csv f] [--json] [--out f]`. */
export async function importPerfAnalyzer(args: { positionals: string[]; values: Record<string, unknown> }, io: CliIO): Promise<number> {
  const [stdoutFile, extra] = args.positionals;
  if (stdoutFile === undefined) throw new UsageError('E_USAGE', 'pipeline import perf-analyzer: missing the <stdout-file>', { hint: PERF_ANALYZER_USAGE.split('\n')[0]?.replace('Usage: ', '') ?? '' });
  if (extra !== undefined) throw new UsageError('E_USAGE', `pipeline import perf-analyzer: unexpected argument "${extra}"`, { hint: 'give one stdout file; the CSV goes in --csv' });
  const { assertCompleteOutput, parsePerfAnalyzerCsv, parsePerfAnalyzerStdout, perfAnalyzerBenchmarkReport } = await import('@pipeline/perf-analyzer');
  const { benchmarkReportSchema } = await import('@pipeline/kinds');
  const run = parsePerfAnalyzerStdout(await readText(io, stdoutFile, 'perf_analyzer stdout'));
  // A block cut short would become zeros in the report (0 infer/s, a server latency of nothing).
  assertCompleteOutput(run, stdoutFile);
  const csvFile = args.values.csv as string | undefined;
  const csv = csvFile === undefined ? undefined : parsePerfAnalyzerCsv(await readText(io, csvFile, 'perf_analyzer CSV'), csvFile);
  const report = benchmarkReportSchema.parse(perfAnalyzerBenchmarkReport(run, csv, { stdout: stdoutFile, ...(csvFile ? { csv: csvFile } : {}) }));
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const out = args.values.out as string | undefined;
  const read = [stdoutFile, csvFile].filter((f) => f !== undefined).map((f) => path.resolve(io.cwd, f));
  if (out !== undefined) await writeOutputFile(path.resolve(io.cwd, out), json, '--out', read);
  io.stdout.write(args.values.json === true ? json : `${formatPerfAnalyzerImport(report)}${out ? `\nwrote ${out}\n` : ''}`);
  return ExitCode.Success;
}
