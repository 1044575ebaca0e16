import { DiagnosticsError, ExitCode } from '@pipeline/errors';
import type { Command } from '../io.js';
import { fileArgument, loadPipelineForCli } from '../load-pipeline.js';

/** `pipeline check <file>`: every problem of the file at once, located; exit 0 or 2. Runs nothing. */
export const checkCommand: Command = {
  name: 'check',
  usage: [
    'pipeline check <file> [-p key=value]... [--json]',
    '',
    'Reports every problem as `file:line:col error[CODE] message` with the offending line and a hint.',
    '  -p, --param key=value  set a pipeline param (repeatable)',
    '  --json                 print {"ok", "diagnostics"} on stdout instead',
    'Exit codes: 0 the file is valid, 2 it has problems.',
  ].join('\n'),
  options: { param: { type: 'string', short: 'p', multiple: true }, json: { type: 'boolean' } },
  async run({ positionals, values }, io) {
    const file = fileArgument(positionals, 'check');
    const json = values.json === true;
    try {
      const { plan } = await loadPipelineForCli(file, io, { params: (values.param as string[] | undefined) ?? [] });
      const bases = new Set(plan.stages.map((s) => s.baseId)).size;
      if (json) io.stdout.write(`${JSON.stringify({ ok: true, file, stages: plan.stages.map((s) => s.id), diagnostics: [] }, null, 2)}\n`);
      else io.stdout.write(`${file}: ok — ${bases} stage${bases === 1 ? '' : 's'}${plan.stages.length !== bases ? ` (${plan.stages.length} after matrix expansion)` : ''}\n`);
      return ExitCode.Success;
    } catch (error) {
      if (!json) throw error;
      const diagnostics = error instanceof DiagnosticsError ? error.diagnostics : isLocated(error) ? [error.toDiagnostic()] : undefined;
      if (!diagnostics) throw error;
      io.stdout.write(`${JSON.stringify({ ok: false, file, diagnostics }, null, 2)}\n`);
      return ExitCode.InvalidUsage;
    }
  },
};

function isLocated(error: unknown): error is { toDiagnostic(): import('@pipeline/errors').Diagnostic } {
  return typeof (error as { toDiagnostic?: unknown })?.toDiagnostic === 'function' && (error as { exitCode?: number }).exitCode === ExitCode.InvalidUsage;
}
