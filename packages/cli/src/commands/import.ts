import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, InvalidInputError, UsageError } from '@pipeline/errors';
import type { TrtexecReportInputs, TrtexecRun } from '@pipeline/tensorrt';
import type { CliIO, Command } from '../io.js';

const USAGE = `Usage: pipeline import trtexec <log> [--times f.json] [--profile f.json] [--layers f.json] [--json] [--out <file>]

Turns a trtexec log you already have (stdout+stderr, e.g. \`trtexec … 2>&1 | tee run.log\`) and the
files it exported into a trtexec-report JSON: TensorRT version, command, pass/fail with the failure
class and a hint, build facts, the performance summary and the per-layer profile.

Options:
  --times <file>    the --exportTimes file of the same run
  --profile <file>  the --exportProfile file
  --layers <file>   the --exportLayerInfo file (adds layer types to the profile)
  --json            print the report JSON instead of the summary
  --out <file>      also write the report JSON to <file>

Exit codes: 0 the log was read (even when it says FAILED: see "passed"), 2 unreadable or not a trtexec log.
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

async function importTrtexec(args: { positionals: string[]; values: Record<string, unknown> }, io: CliIO): Promise<number> {
  const [log, extra] = args.positionals;
  if (log === undefined) throw new UsageError('E_USAGE', 'pipeline import trtexec: missing the <log> file', { hint: 'pipeline import trtexec <log> [--times f.json] [--profile f.json] [--layers f.json] [--json] [--out <file>]' });
  if (extra !== undefined) throw new UsageError('E_USAGE', `pipeline import trtexec: unexpected argument "${extra}"`, { hint: 'give one log; export files go in --times/--profile/--layers' });
  // Imported here: @pipeline/tensorrt builds zod schemas at import, which `pipeline import --help` need not pay for.
  const { buildTrtexecReport, formatTrtexecReport, parseTrtexecLayerInfo, parseTrtexecLog, parseTrtexecProfile, parseTrtexecTimes } = await import('@pipeline/tensorrt');
  const run = parseTrtexecLog(await readText(io, log, 'trtexec log'));
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
  if (out !== undefined) await writeFile(path.resolve(io.cwd, out), json);
  if (args.values.json === true) io.stdout.write(json);
  else io.stdout.write(`${formatTrtexecReport(report)}${out !== undefined ? `\nwrote ${out}\n` : ''}`);
  return ExitCode.Success;
}

/** `pipeline import <source> …`: brings results made outside pipeline into its report artifacts. */
export const importCommand: Command = {
  name: 'import',
  usage: USAGE,
  options: {
    times: { type: 'string' },
    profile: { type: 'string' },
    layers: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
  },
  async run(args, io) {
    const [source, ...rest] = args.positionals;
    if (source !== 'trtexec') {
      throw new UsageError('E_USAGE', source === undefined ? 'pipeline import: say what to import' : `pipeline import: unknown source "${source}"`, {
        hint: 'pipeline import trtexec <log> [--times f.json] [--profile f.json] [--layers f.json] [--json] [--out <file>]',
      });
    }
    return importTrtexec({ positionals: rest, values: args.values }, io);
  },
};
