import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compareDiagnostics, type Diagnostic, DiagnosticsError, UsageError } from '@pipeline/errors';
import type { PluginDefinition } from '@pipeline/sdk';
import { DiagnosticCode } from '../config/codes.js';
import { type PipelineFile, PipelineFileSchema } from '../config/file-schema.js';
import { PipelineSource } from '../config/source.js';
import { decodePipelineText } from '../config/decode-utf8.js';
import { type Damage, noDamage, pruneBroken } from '../config/damage.js';
import { checkStructureOf } from '../config/structure.js';
import { evaluateTemplate, parseTemplate } from '../expr/template.js';
import { importPlugin } from '../registry/load-plugins.js';
import type { StageRegistry } from '../registry/stage-registry.js';
import { createFileHasher, type HashFile } from '../run/file-hasher.js';
import { loadBaseline } from './baseline.js';
import { compileString } from './compile.js';
import type { PlanContext } from './context.js';
import { createIngest, type IngestOptions } from './ingest.js';
import { resolvePipelineParams } from './pipeline-params.js';
import { planStages } from './stages.js';
import type { Binding, LiteralInput, Plan } from './types.js';

export interface LoadPipelineOptions {
  registry: StageRegistry;
  /** `-p key=value` overrides, already split. */
  params?: Record<string, string>;
  /** The calling environment: `env:` values may read it, `secrets:` are taken from it. */
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Hashes literal input paths; the runner passes its memoized one. Default: the same hasher without a memo. */
  hashFile?: HashFile;
  /** What kinds read from unchanged literal inputs, remembered in the same memo (`FileHasher.ingested`); default: none. */
  ingestMemo?: IngestOptions['ingestMemo'];
  /** The file already read and parsed (`readPipelineSource`), so a caller that looked into it does not parse it twice. */
  source?: PipelineSource;
}

export interface LoadedPipeline {
  plan: Plan;
  warnings: Diagnostic[];
  /** The registry with the file's own `plugins:` added. */
  registry: StageRegistry;
}

/**
 * Reads a pipeline file into a checked Plan, in phases: parse → structure (the generated ajv
 * validator) → plugins, params, env → rules (stages, references, kinds, matrix, cycles). Each phase
 * reports every problem it finds, located, as one DiagnosticsError. YAML syntax errors, or a structure
 * broken at the file's frame, stop there; structural problems confined to some nodes do not: the later
 * phases check the rest (see `pruneBroken`). Broken plugins, params or env stop before the rules.
 */
export async function loadPipeline(file: string, options: LoadPipelineOptions): Promise<LoadedPipeline> {
  const absolute = path.resolve(options.cwd, file);
  const source = options.source ?? (await readPipelineSource(file, options.cwd));
  fail(source.syntaxDiagnostics());
  const value = source.toJS() ?? {};
  const { pipeline, damage, structural } = checkedStructure(source, value);
  const baseDir = path.dirname(absolute);

  // Structural problems confined to some nodes do not stop the later phases: they check the rest
  // (see `pruneBroken`), and everything is reported together.
  const diagnostics: Diagnostic[] = [...structural];
  const registry = options.registry.withPlugins(await importPlugins(source, pipeline, baseDir, diagnostics));
  const { params, diagnostics: paramProblems } = resolvePipelineParams(source, pipeline.params ?? {}, options.params ?? {});
  diagnostics.push(...paramProblems);
  const { env, secrets, warnings } = resolveEnv(source, pipeline, params, options.env, diagnostics);
  // Plugins, params and env feed every rule: with one of them wrong, the rules would mostly repeat it.
  if (diagnostics.length > structural.length) fail(diagnostics);

  const literals: LiteralInput[] = [];
  const ctx: PlanContext = {
    source,
    registry,
    baseDir,
    params,
    env,
    envNames: new Set([...Object.keys(pipeline.env ?? {}), ...(pipeline.secrets ?? [])]),
    secretNames: new Set(pipeline.secrets ?? []),
    stages: new Map(),
    damage,
    diagnostics,
    ingest: createIngest({ source, baseDir, kinds: registry.kinds(), hashFile: options.hashFile ?? (await createFileHasher()).hashPath, diagnostics, literals, ...(options.ingestMemo ? { ingestMemo: options.ingestMemo } : {}) }),
  };
  const stages = await planStages(ctx, pipeline);
  const outputs = compileOutputs(ctx, pipeline);
  const stageIds = new Set([...ctx.stages.values()].flatMap((info) => info.members.map((m) => m.id)));
  const baseline = await loadBaseline(source, pipeline, baseDir, stageIds, diagnostics);
  fail(diagnostics);
  const plan: Plan = { file: absolute, baseDir, name: pipeline.name ?? path.basename(absolute).replace(/\.ya?ml$/, ''), description: pipeline.description ?? '', params, env, secrets, stages, outputs };
  if (baseline) plan.baseline = baseline;
  if (literals.length > 0) plan.literals = literals;
  if (pipeline.literal_inputs) plan.literalInputs = pipeline.literal_inputs;
  return { plan, warnings, registry };
}

/** For a folder given where a pipeline file belongs: the YAML files in it, which are likely what was meant. */
function folderHint(absolute: string, display: string): string {
  const yaml = (() => {
    try {
      return readdirSync(absolute).filter((name) => /\.ya?ml$/.test(name)).sort();
    } catch {
      return [];
    }
  })();
  return yaml.length === 0 ? 'give the pipeline file (a .yaml), not a folder' : `give a pipeline file, e.g. ${path.join(display, yaml[0] ?? '')}`;
}

/**
 * Reads and parses a pipeline file; diagnostics name it as the user typed it (relative to `cwd` when
 * inside it). A missing or unreadable file is a usage error.
 */
export async function readPipelineSource(file: string, cwd: string): Promise<PipelineSource> {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  const display = relative && !relative.startsWith('..') ? relative : absolute;
  let bytes: Buffer;
  try {
    // Synchronous: one small file, read before anything else can run.
    bytes = readFileSync(absolute);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EISDIR') throw new UsageError('E_PIPELINE_FILE', `cannot read pipeline file ${display}: it is a folder`, { hint: folderHint(absolute, display) });
    const reason = code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError('E_PIPELINE_FILE', `cannot read pipeline file ${display}: ${reason}`);
  }
  // Bytes, not a string: invalid UTF-8 is refused with its offset instead of becoming U+FFFD.
  const decoded = decodePipelineText(bytes, display);
  if ('problem' in decoded) fail([decoded.problem]);
  return new PipelineSource(display, 'text' in decoded ? decoded.text : '');
}

/**
 * The structure phase. A file whose problems are confined to some nodes is checked further without
 * them; one whose frame is broken (not a map, no `stages:` map) stops here.
 */
function checkedStructure(source: PipelineSource, value: unknown): { pipeline: PipelineFile; damage: Damage; structural: Diagnostic[] } {
  const { diagnostics: structural, broken } = checkStructureOf(source, value);
  // The ajv validator is generated from the zod schemas, which have no defaults or transforms, and a
  // test holds the two to the same verdicts: a file it accepts is a PipelineFile as it stands.
  if (structural.length === 0) return { pipeline: value as PipelineFile, damage: noDamage(), structural };
  const pruned = pruneBroken(value, broken);
  const parsed = pruned && PipelineFileSchema.safeParse(pruned.value);
  // The pruned file should parse; if some broken node was missed, report what is known rather than guess.
  if (!pruned || !parsed?.success) {
    fail(structural);
    throw new Error('unreachable: structural problems are errors');
  }
  return { pipeline: parsed.data, damage: pruned.damage, structural };
}

/** Throws the phase's problems, deduplicated (matrix members repeat their base's mistakes) and in file order. */
function fail(diagnostics: Diagnostic[]): void {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!errors.length) return;
  const unique = new Map(errors.map((d) => [`${d.code}:${d.loc?.line}:${d.loc?.column}:${d.message}`, d]));
  const sorted = [...unique.values()].sort(compareDiagnostics);
  throw new DiagnosticsError(sorted, `${sorted.length} problem${sorted.length === 1 ? '' : 's'} in ${sorted[0]?.loc?.file ?? 'the pipeline'}`);
}

async function importPlugins(source: PipelineSource, pipeline: PipelineFile, baseDir: string, diagnostics: Diagnostic[]): Promise<PluginDefinition[]> {
  const loaded = await Promise.all(
    (pipeline.plugins ?? []).map(async (spec, index) => {
      try {
        return await importPlugin(spec, baseDir);
      } catch (error) {
        diagnostics.push(source.diagnostic(['plugins', index], 'value', DiagnosticCode.PluginLoad, (error as Error).message, { hint: 'local files are relative to the pipeline file; packages must be installed' }));
        return undefined;
      }
    }),
  );
  return loaded.filter((p): p is PluginDefinition => p !== undefined);
}

/** `env:` values (which may read params and the calling environment) and the secrets' values. */
function resolveEnv(source: PipelineSource, pipeline: PipelineFile, params: Record<string, unknown>, callerEnv: LoadPipelineOptions['env'], diagnostics: Diagnostic[]) {
  const env: Record<string, string> = {};
  const roots = { params, env: { ...callerEnv } };
  for (const [name, raw] of Object.entries(pipeline.env ?? {})) {
    try {
      env[name] = typeof raw === 'string' ? String(evaluateTemplate(parseTemplate(raw), roots) ?? '') : String(raw);
    } catch (error) {
      diagnostics.push(source.diagnostic(['env', name], 'value', (error as { code?: string }).code ?? DiagnosticCode.ExprEval, (error as Error).message));
    }
  }
  const secrets: string[] = [];
  const warnings: Diagnostic[] = [];
  (pipeline.secrets ?? []).forEach((name, index) => {
    const value = callerEnv[name];
    if (value === undefined || value === '') {
      warnings.push(source.diagnostic(['secrets', index], 'value', DiagnosticCode.SecretUnset, `secret ${name} is not set in the environment`, { severity: 'warning', hint: `export ${name}=… before running; stages reading it will see nothing` }));
    } else {
      env[name] = value;
      secrets.push(value);
    }
  });
  return { env, secrets, warnings };
}

/** Pipeline `outputs:`: expressions over stage outputs; a matrix stage gives the map of its members. */
function compileOutputs(ctx: PlanContext, pipeline: PipelineFile): Record<string, Binding> {
  const outputs: Record<string, Binding> = {};
  for (const [name, text] of Object.entries(pipeline.outputs ?? {})) {
    const compiled = compileString(ctx, text, ['outputs', name], undefined, { allowMany: true, dependsOn: new Set() });
    if (!compiled) continue;
    const { manyBase, evaluateWith } = compiled;
    if (manyBase && evaluateWith) {
      const entries: Record<string, Binding> = {};
      for (const m of ctx.stages.get(manyBase)?.members ?? []) entries[m.id] = { type: 'expression', source: text, evaluate: (scope) => evaluateWith(scope, { [manyBase]: m.id }), loc: compiled.binding.loc };
      outputs[name] = { type: 'object', entries, loc: compiled.binding.loc };
    } else {
      outputs[name] = compiled.binding;
    }
  }
  return outputs;
}
