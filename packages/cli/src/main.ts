import { parseArgs } from 'node:util';
import { DiagnosticsError, ExitCode, formatDiagnostic, isPipelineError, UsageError } from '@pipeline/errors';
import { diagnosticAnnotation } from '@pipeline/reports/github-annotations';
import { commands } from './commands/index.js';
import type { CliIO, Command } from './io.js';

function globalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'pipeline — from an ONNX model to a validated, benchmarked Triton deployment, from one YAML file.',
    '',
    'Usage: pipeline <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Exit codes: 0 success, 1 a gate failed, 2 invalid pipeline or usage, 3 a stage errored, 130 interrupted.',
    'Run `pipeline <command> --help` for a command’s options.',
    '',
  ].join('\n');
}

/** Runs one CLI invocation and returns its exit code; never exits the process itself. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    io.stdout.write(globalHelp());
    return verb === undefined ? ExitCode.InvalidUsage : ExitCode.Success;
  }
  if (verb === '--version' || verb === '-v') {
    io.stdout.write('0.1.0\n');
    return ExitCode.Success;
  }
  const entry = commands.find((c) => c.name === verb);
  try {
    if (!entry) throw new UsageError('E_UNKNOWN_COMMAND', `unknown command "${verb}"`, { hint: 'run `pipeline --help` for the list of commands' });
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(`${command.usage.trimEnd()}\n`);
      return ExitCode.Success;
    }
    const parsed = parseCommandArgs(command, rest);
    return await command.run(parsed, io);
  } catch (error) {
    return reportError(error, io, entry);
  }
}

function parseCommandArgs(command: Command, args: string[]) {
  try {
    const { positionals, values } = parseArgs({ args, options: command.options, allowPositionals: true, strict: true });
    return { positionals, values: values as Record<string, unknown> };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError('E_USAGE', message, { hint: `usage: ${command.usage.split('\n')[0]}` });
  }
}

/** User mistakes print one clear message; only a bug prints a stack, with a request to report it. */
export function reportError(error: unknown, io: CliIO, command?: Pick<Command, 'name'>): number {
  // In GitHub Actions, each problem also becomes an annotation on its file and line (workflow commands on stdout).
  const github = io.env.GITHUB_ACTIONS === 'true';
  if (error instanceof DiagnosticsError) {
    for (const d of error.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
    if (github) for (const d of error.diagnostics) io.stdout.write(diagnosticAnnotation(d));
    io.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  if (isPipelineError(error)) {
    io.stderr.write(`${formatDiagnostic(error.toDiagnostic())}\n`);
    if (github) io.stdout.write(diagnosticAnnotation(error.toDiagnostic()));
    return error.exitCode;
  }
  const where = command ? ` in \`pipeline ${command.name}\`` : '';
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`internal error${where} — this is a bug in pipeline, please report it with the text below.\n${stack}\n`);
  return ExitCode.StageErrored;
}
