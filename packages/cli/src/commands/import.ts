import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, InvalidInputError, UsageError } from '@pipeline/errors';
import type { BenchmarkReport } from '@pipeline/kinds';
import type { TrtexecReportInputs, TrtexecRun } from '@pipeline/tensorrt';
import type { CliIO, Command } from '../io.js';
import { writeOutputFile } from '../output-file.js';
import { PERF_ANALYZER_USAGE } from './import-perf-analyzer.js';

const USAGE = `Usage: pipeline import trtexec <log> [--times f.json] [--profile f.json] [--layers f.json] [--json] [--out <file>] [--benchmark-report <file>]

Turns a trtexec log you already have (stdout+stderr, e.g. \`trtexec … 2>&1 | tee run.log\`) and the
files it exported into a trtexec-report JSON: TensorRT version, command, pass/fail with the failure
class and a hint, build facts, the performance summary and the per-layer profile.

Options:
  --times <file>    the --exportTimes file of the same run
  --profile <file>  the --exportProfile file
  --layers <file>   the --exportLayerInfo file (adds layer types to the profile)
  --json            print the report JSON instead of the summary
  --out <file>      also write the report JSON to <file>
  --benchmark-report <file>
                    also write the run's performance summary as a benchmark-report (the shape the
                    benchmark stage writes, schemas/benchmark-report.schema.json), marked imported,
                    so hand-run logs compare with new runs; needs a log with a performance summary

Exit codes: 0 the log was read (even when it says FAILED: see "passed"), 2 unreadable or not a trtexec log,
or --benchmark-report asked of a log without a (finite) performance summary: the trtexec-report is still
printed and written to --out, the benchmark-report is not written, and the exit code says it is missing.
`;

async function readText(io: CliIO, file: string, what: string): Promise<string> {
  try {
    return await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new InvalidInputError('E_IMPORT_UNREADABLE', `${file}: cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
      cause: error,
    });
  }
}

/** True when at least one line of the text is something only trtexec prints. */
function looksLikeTrtexec(run: TrtexecRun): boolean {
  return (
    run.start !== undefined ||
    run.end !== undefined ||
    run.tensorrtVersion !== undefined ||
    run.performance !== undefined ||
    run.profile !== undefined ||
    Object.keys(run.options).length > 0 ||
    Object.keys(run.phases).length > 0 ||
    run.unknownOptions.length > 0
  );
}

/**
 * The run as a `benchmark-report`, checked by the kind's own schema; an InvalidInputError (exit 2) when
 * the log has no summary to give. `kept` says where the trtexec-report went, for the hint.
 */
async function importedBenchmarkReport(run: TrtexecRun, log: string, kept: string): Promise<BenchmarkReport> {
  const [{ trtexecBenchmarkReport }, { benchmarkReportSchema }] = await Promise.all([import('@pipeline/benchmark'), import('@pipeline/kinds')]);
  const report = trtexecBenchmarkReport(run, log);
  if (!report) {
    throw new InvalidInputError('E_IMPORT_NO_PERFORMANCE', `${log}: no performance summary (Throughput and Latency lines), so no benchmark-report can be made`, {
      hint: `nothing was written for --benchmark-report; ${kept} has what the log says. For a benchmark-report, import a log of a run that did inference (not --skipInference or a build that failed)`,
    });
  }
  const checked = benchmarkReportSchema.safeParse(report);
  if (!checked.success) {
    // Only non-finite figures (trtexec prints `inf`/`nan` for empty timings) get here from a real log.
    const where = checked.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new InvalidInputError('E_IMPORT_INVALID_FIGURES', `${log}: the performance summary does not make a valid benchmark-report (${where})`, {
      hint: `nothing was written for --benchmark-report: a figure printed as inf or nan cannot be compared; ${kept} keeps it as null`,
    });
  }
  return checked.data;
}

async function importTrtexec(args: { positionals: string[]; values: Record<string, unknown> }, io: CliIO): Promise<number> {
  const [log, extra] = args.positionals;
  if (log === undefined) throw new UsageError('E_USAGE', 'pipeline import trtexec: missing the <log> file', { hint: USAGE.split('\n')[0]?.replace('Usage: ', '') ?? '' });
  if (extra !== undefined) throw new UsageError('E_USAGE', `pipeline import trtexec: unexpected argument "${extra}"`, { hint: 'give one log; export files go in --times/--profile/--layers' });
  // Imported here: @pipeline/tensorrt builds zod schemas at import, which `pipeline import --help` need not pay for.
  const { buildTrtexecReport, formatTrtexecReport, isTrtexecHelpText, parseTrtexecLayerInfo, parseTrtexecLog, parseTrtexecProfile, parseTrtexecTimes } =
    await import('@pipeline/tensorrt');
  const run = parseTrtexecLog(await readText(io, log, 'trtexec log'));
  if (isTrtexecHelpText(run)) {
    throw new InvalidInputError('E_IMPORT_HELP_TEXT', `${log}: this is trtexec's help text, not a run`, {
      hint: 'import the log of a trtexec run: trtexec --onnx=… 2>&1 | tee run.log',
    });
  }
  if (!looksLikeTrtexec(run)) {
    throw new InvalidInputError('E_NOT_A_TRTEXEC_LOG', `${log}: not a trtexec log (no &&&& RUNNING/PASSED/FAILED line, option dump, TensorRT version or performance summary)`, {
      hint: 'save trtexec’s stdout and stderr together: trtexec … 2>&1 | tee run.log',
    });
  }
  const { times, profile, layers } = args.values as { times?: string; profile?: string; layers?: string };
  const sources: TrtexecReportInputs['sources'] = { log };
  const inputs: TrtexecReportInputs = { run, sources };
  if (times !== undefined) {
    inputs.times = parseTrtexecTimes(await readText(io, times, '--exportTimes file'), times);
    sources.times = times;
  }
  if (profile !== undefined) {
    inputs.profile = parseTrtexecProfile(await readText(io, profile, '--exportProfile file'), profile);
    sources.profile = profile;
  }
  if (layers !== undefined) {
    inputs.layerInfo = parseTrtexecLayerInfo(await readText(io, layers, '--exportLayerInfo file'), layers);
    sources.layers = layers;
  }
  const report = buildTrtexecReport(inputs);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const out = args.values.out as string | undefined;
  const benchmarkOut = args.values['benchmark-report'] as string | undefined;
  // The trtexec-report is valid whatever the log lacks: it is written and shown first, so a log that
  // cannot give a benchmark-report still leaves what it does say (and the hint below is true).
  const read = [log, times, profile, layers].filter((f) => f !== undefined).map((f) => path.resolve(io.cwd, f));
  if (out !== undefined) await writeOutputFile(path.resolve(io.cwd, out), json, '--out', read);
  const kept = `the trtexec-report on stdout${out === undefined ? '' : ` (and in ${out})`}`;
  let benchmarkError: unknown;
  if (benchmarkOut !== undefined) {
    try {
      const benchmark = await importedBenchmarkReport(run, log, kept);
      await writeOutputFile(path.resolve(io.cwd, benchmarkOut), `${JSON.stringify(benchmark, null, 2)}\n`, '--benchmark-report', read);
    } catch (error) {
      benchmarkError = error;
    }
  }
  const written = benchmarkError === undefined ? [out, benchmarkOut] : [out];
  const wrote = written.filter((f) => f !== undefined).map((f) => `wrote ${f}\n`);
  if (args.values.json === true) io.stdout.write(json);
  else io.stdout.write(`${formatTrtexecReport(report)}${wrote.length ? `\n${wrote.join('')}` : ''}`);
  // Asked for and not made: exit 2 (documented above), after the part that could be made is out.
  if (benchmarkError !== undefined) throw benchmarkError;
  return ExitCode.Success;
}

/** `pipeline import <source> …`: brings results made outside pipeline into its report artifacts. */
export const importCommand: Command = {
  name: 'import',
  usage: `${USAGE}\n${PERF_ANALYZER_USAGE}`,
  options: {
    times: { type: 'string' },
    profile: { type: 'string' },
    layers: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
    'benchmark-report': { type: 'string' },
    csv: { type: 'string' },
  },
  async run(args, io) {
    const [source, ...rest] = args.positionals;
    if (source === 'perf-analyzer') {
      const { importPerfAnalyzer } = await import('./import-perf-analyzer.js');
      return importPerfAnalyzer({ positionals: rest, values: args.values }, io);
    }
    if (source !== 'trtexec') {
      throw new UsageError('E_USAGE', source === undefined ? 'pipeline import: say what to import' : `pipeline import: unknown source "${source}"`, {
        hint: USAGE.split('\n')[0]?.replace('Usage: ', '') ?? '',
      });
    }
    return importTrtexec({ positionals: rest, values: args.values }, io);
  },
};
