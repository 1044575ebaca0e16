import type { HashFile, Plan, StageRegistry } from '@pipeline/core';
import { formatDiagnostic, UsageError } from '@pipeline/errors';
import type { CliIO } from './io.js';

/** `-p key=value` flags as a map; a flag without `=` is a usage error. */
export function parseParamAssignments(flags: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at <= 0) throw new UsageError('E_USAGE', `-p ${flag}: expected key=value`, { hint: 'e.g. -p precision=fp16' });
    params[flag.slice(0, at)] = flag.slice(at + 1);
  }
  return params;
}

/** The registry of the stage plugins that ship with the CLI (imported lazily: they pull in ONNX Runtime). */
export async function builtinRegistry(): Promise<StageRegistry> {
  const [{ StageRegistry }, { loadBuiltinPlugins }] = await Promise.all([import('@pipeline/core'), import('./builtin-plugins.js')]);
  return StageRegistry.fromPlugins(await loadBuiltinPlugins());
}

/**
 * Loads and checks a pipeline file as every verb does: built-in plugins, `-p` flags, the caller's
 * environment. Warnings go to stderr; problems throw a DiagnosticsError (exit 2) that `main` prints.
 * The returned registry includes the file's own `plugins:`.
 */
export async function loadPipelineForCli(file: string, io: CliIO, options: { params: string[]; hashFile?: HashFile }): Promise<{ plan: Plan; registry: StageRegistry }> {
  const params = parseParamAssignments(options.params);
  const [{ loadPipeline }, registry] = await Promise.all([import('@pipeline/core'), builtinRegistry()]);
  const loaded = await loadPipeline(file, { registry, params, env: io.env, cwd: io.cwd, ...(options.hashFile ? { hashFile: options.hashFile } : {}) });
  for (const warning of loaded.warnings) io.stderr.write(`${formatDiagnostic(warning)}\n`);
  return { plan: loaded.plan, registry: loaded.registry };
}

/** The one positional a file verb takes; a missing one is a usage error naming the verb. */
export function fileArgument(positionals: readonly string[], verb: string): string {
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('E_USAGE', `pipeline ${verb}: which pipeline file?`, { hint: `usage: pipeline ${verb} <file>` });
  if (extra.length) throw new UsageError('E_USAGE', `pipeline ${verb}: unexpected argument "${extra[0]}"`, { hint: 'pass params as -p key=value' });
  return file;
}
