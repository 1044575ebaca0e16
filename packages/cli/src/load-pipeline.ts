import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileHasher, PipelineSource, Plan, StageRegistry } from '@pipeline/core';
import { formatDiagnostic, UsageError } from '@pipeline/errors';
import type { CliIO } from './io.js';

/** `-p key=value` flags as a map; a flag without `=` is a usage error. */
export function parseParamAssignments(flags: readonly string[]): Record<string, string> {
  const entries: [string, string][] = [];
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at <= 0) throw new UsageError('E_USAGE', `-p ${flag}: expected key=value`, { hint: 'e.g. -p precision=fp16' });
    entries.push([flag.slice(0, at), flag.slice(at + 1)]);
  }
  // fromEntries defines own properties: `params.__proto__ = …` would set the prototype instead and the
  // name would never be checked against the declared params.
  return Object.fromEntries(entries);
}

/** The registry of every stage plugin that ships with the CLI (imported lazily: they pull in ONNX Runtime). */
export async function builtinRegistry(): Promise<StageRegistry> {
  const [{ StageRegistry }, { loadBuiltinPlugins }] = await Promise.all([import('@pipeline/core/load'), import('./builtin-plugins.js')]);
  return StageRegistry.fromPlugins(await loadBuiltinPlugins());
}

/**
 * The `uses:` names of a parsed pipeline file, so that only the plugins it needs are imported;
 * undefined — meaning "load them all" — for a file with its own `plugins:` or one that does not parse
 * (checking it will say why, with every stage known for suggestions).
 */
export function stageNamesIn(source: PipelineSource): string[] | undefined {
  if (source.hasProblems()) return undefined;
  const file = source.toJS() as { plugins?: unknown; stages?: unknown } | null;
  if (file?.plugins !== undefined || typeof file?.stages !== 'object' || file.stages === null) return undefined;
  const uses = Object.values(file.stages).map((stage) => (stage as { uses?: unknown } | null)?.uses);
  return uses.every((name): name is string => typeof name === 'string') ? uses : undefined;
}

/** `stageNamesIn` of a file on disk; undefined when it cannot be read. */
export async function stageNamesUsedBy(absolute: string): Promise<string[] | undefined> {
  try {
    const [{ PipelineSource }, text] = await Promise.all([import('@pipeline/core/load'), readFile(absolute, 'utf8')]);
    return stageNamesIn(new PipelineSource(absolute, text));
  } catch {
    return undefined;
  }
}

/**
 * Loads and checks a pipeline file as every verb does: the built-in plugins it uses, `-p` flags, the
 * caller's environment. The file is read and parsed once: the same parsed source says which plugins to
 * import and is then checked. Warnings go to stderr; problems throw a DiagnosticsError (exit 2) that
 * `main` prints. The returned registry includes the file's own `plugins:`.
 */
export async function loadPipelineForCli(file: string, io: CliIO, options: { params: string[]; hasher?: FileHasher }): Promise<{ plan: Plan; registry: StageRegistry }> {
  const params = parseParamAssignments(options.params);
  // `@pipeline/core/load`: checking a file does not compile the runner (run and explain import it themselves).
  const [{ createFileHasher, loadPipeline, readPipelineSource, StageRegistry, workspaceLayout }, { loadBuiltinPluginsFor }] = await Promise.all([import('@pipeline/core/load'), import('./builtin-plugins.js')]);
  const source = await readPipelineSource(file, io.cwd);
  const registry = StageRegistry.fromPlugins(await loadBuiltinPluginsFor(stageNamesIn(source)));
  // Literal inputs are hashed and ingested as a run does it: a file whose stat the workspace's memo
  // vouches for is neither read nor parsed again.
  const workspace = workspaceOf(file, io.cwd);
  const hasher = options.hasher ?? (await createFileHasher(memoOptions(workspaceLayout(workspace).memo)));
  let loaded: Awaited<ReturnType<typeof loadPipeline>>;
  try {
    loaded = await loadPipeline(file, { registry, params, env: io.env, cwd: io.cwd, source, hashFile: (p) => hasher.hashPath(p), ingestMemo: hasher });
  } finally {
    // check and plan keep what they read for the next call (as a run keeps it for them), but only in a
    // workspace a run already made: they never create `.pipeline/`, and a memo they cannot write (a
    // read-only checkout) is only a missed saving. A run saves its own hasher's memo itself.
    if (!options.hasher && statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) await hasher.save().catch(() => undefined);
  }
  for (const warning of loaded.warnings) io.stderr.write(`${formatDiagnostic(warning)}\n`);
  return { plan: loaded.plan, registry: loaded.registry };
}

/**
 * The stat memo of a workspace, as every verb opens it. What kinds read from unchanged files is
 * remembered under the running build's id (published by the chunk loader), so a rebuilt CLI reads every
 * model again; run from the TypeScript sources (tests in-process) there is no id and nothing is remembered.
 */
function memoOptions(memoFile: string): { memoFile: string; ingestKey?: string } {
  const buildId = (globalThis as Record<symbol, unknown>)[Symbol.for('@pipeline/cli.buildId')];
  return { memoFile, ...(typeof buildId === 'string' ? { ingestKey: buildId } : {}) };
}

/** The workspace of a pipeline file: `.pipeline/` beside it. */
export function workspaceOf(file: string, cwd: string): string {
  return path.join(path.dirname(path.resolve(cwd, file)), '.pipeline');
}

/**
 * `--workspace` of `report` and `compare`: the `.pipeline/` folder itself, or — as `cache` takes it —
 * the folder that holds one, or a pipeline file beside one. Anything else is taken as given (and a
 * missing run there is the command's own "not found").
 */
export function workspaceFlag(value: string | undefined, cwd: string): string {
  const given = path.resolve(cwd, value ?? '.pipeline');
  if (path.basename(given) === '.pipeline') return given;
  const isFolder = statSync(given, { throwIfNoEntry: false })?.isDirectory();
  const beside = path.join(isFolder ? given : path.dirname(given), '.pipeline');
  return statSync(beside, { throwIfNoEntry: false })?.isDirectory() ? beside : given;
}

/**
 * Loads and checks a pipeline for running, hashing literal input paths through the workspace's stat
 * memo (so a re-run reads no unchanged file).
 */
export async function loadPlanForRun(file: string, io: CliIO, params: string[]): Promise<{ plan: Plan; hasher: FileHasher; workspace: string }> {
  const { createFileHasher, workspaceLayout } = await import('@pipeline/core');
  const workspace = workspaceOf(file, io.cwd);
  const hasher = await createFileHasher(memoOptions(workspaceLayout(workspace).memo));
  const { plan } = await loadPipelineForCli(file, io, { params, hasher });
  return { plan, hasher, workspace };
}

/** The one positional a file verb takes; a missing one is a usage error naming the verb. */
export function fileArgument(positionals: readonly string[], verb: string): string {
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('E_USAGE', `pipeline ${verb}: which pipeline file?`, { hint: `usage: pipeline ${verb} <file>` });
  if (extra.length) throw new UsageError('E_USAGE', `pipeline ${verb}: unexpected argument "${extra[0]}"`, { hint: 'pass params as -p key=value' });
  return file;
}
