import type { z } from 'zod';
import type { Artifact } from './artifact.js';
import type { Exec } from './exec.js';
import type { AnyKind, InputPort, OutputPort } from './ports.js';
import type { ProbeEnv, ProbeResult, ToolInfo } from './probe.js';
import type { Reporter } from './report.js';
import type { StageCheck } from './stage-check.js';
import type { StartService } from './service.js';

export type InputPorts = Record<string, InputPort>;
export type OutputPorts = Record<string, OutputPort>;
// biome-ignore lint/suspicious/noExplicitAny: params may be any zod object shape.
export type ParamsSchema = z.ZodObject<any>;

type MetaOf<K> = K extends { meta: z.ZodType<infer M> } ? M : unknown;

/** The artifact a stage receives for one input port, typed by the port's kind and options. */
export type InputValue<P> = P extends InputPort<infer K, infer Optional, infer Many>
  ? Many extends true
    ? Record<string, Artifact<MetaOf<K>>>
    : Optional extends true
      ? Artifact<MetaOf<K>> | undefined
      : Artifact<MetaOf<K>>
  : never;

export type StageInputs<I extends InputPorts> = { [N in keyof I]: InputValue<I[N]> };

/** What `run` returns for one output: a path inside `outDir` (relative or absolute) and its metadata. */
export interface OutputValue<Meta = unknown> {
  path: string;
  meta: Meta;
  /** A more precise sub-kind than the port declares, when the content tells (ORT-only ops found). */
  kind?: AnyKind;
}

export type StageOutputs<O extends OutputPorts> = {
  [N in keyof O as O[N] extends OutputPort<AnyKind, true> ? never : N]: OutputValue<MetaOf<O[N]['kind']>>;
} & {
  [N in keyof O as O[N] extends OutputPort<AnyKind, true> ? N : never]?: OutputValue<MetaOf<O[N]['kind']>>;
};

export interface StageLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ProgressUpdate {
  current?: number;
  total?: number;
  message?: string;
}

/**
 * The file operations a stage needs, given by the runner so stage code never imports `node:fs`: outputs
 * are written only inside `outDir`, atomically, and inputs are read through the same door (so a test
 * can hand a stage an in-memory context). Libraries that write a file themselves (an ONNX writer, ONNX
 * Runtime's optimiser) still get a path inside `outDir` or `workDir` from the stage. The methods do not
 * use `this`, so `run({ writeOutput })` may destructure them.
 */
export interface StageFiles {
  /**
   * Writes `data` at `relativePath` inside `outDir` (parent folders created), through a temporary file
   * and a rename so no reader sees half a file. Refuses absolute paths and paths that leave `outDir`.
   * Returns the absolute path.
   */
  writeOutput(relativePath: string, data: string | Uint8Array): Promise<string>;
  /** `writeOutput` of `value` as indented JSON with a final newline. */
  writeJson(relativePath: string, value: unknown): Promise<string>;
  /**
   * Puts an existing file at `relativePath` inside `outDir`: hard-linked (copied where links fail) so
   * multi-GB inputs pass through for free, or moved with `move: true` (a file a tool wrote in `workDir`).
   * A file of one of the stage's own inputs is placed as a link the runner resolves: an output that is
   * exactly an input (with its companions) is recorded as that input, where it already is, never copied.
   * Returns the absolute path.
   */
  placeOutput(source: string, relativePath: string, options?: { move?: boolean }): Promise<string>;
  /** Creates a folder inside `outDir` (an output folder that may stay empty); returns its absolute path. */
  makeOutputDir(relativePath: string): Promise<string>;
  /** The UTF-8 text of an input artifact (or of a file path, e.g. inside `workDir`). */
  readText(file: Artifact | string): Promise<string>;
  /** The size in bytes of a regular file; undefined when there is none (missing, or a folder). */
  fileSize(path: string): Promise<number | undefined>;
}

/** Everything a stage may touch. Stages never reach for `process`, `fs` side effects or subprocesses directly. */
export interface StageContext<I extends InputPorts, P extends ParamsSchema> extends StageFiles {
  /** The stage's id in the pipeline, with its matrix values: `convert@precision=fp16`. */
  stageId: string;
  inputs: StageInputs<I>;
  params: z.output<P>;
  /** An empty folder; every output is written inside it. Committed to the content store after `run`. */
  outDir: string;
  /** Scratch space, removed after the stage. */
  workDir: string;
  /**
   * A folder kept across runs for this stage name (under the workspace, `keep/<stage name>`), for a
   * tool's own caches that speed work up without changing its result (TensorRT's timing cache). It is
   * not part of any cache key and is shared by concurrent stages of the same name: lock what you write.
   * Absent in contexts that have no workspace (unit tests).
   */
  keepDir?: string;
  exec: Exec;
  /**
   * Starts a service: a process that lives while later stages run (a server they call), health-checked
   * before this stage's `run` returns — so its consumers start only once it answers — and stopped with
   * its whole process group when the run ends, whatever the ending. A stage that starts one should not
   * be cacheable.
   */
  startService: StartService;
  log: StageLogger;
  progress(update: ProgressUpdate): void;
  /** Aborted on Ctrl-C or timeout; pass it to anything long. */
  signal: AbortSignal;
  /** What this stage's probe found (empty when it has none). */
  tools: Readonly<Record<string, ToolInfo>>;
  /** The pipeline's `env:` and the secrets it names, resolved. */
  env: Readonly<Record<string, string>>;
  report: Reporter;
}

export interface StageResult<O extends OutputPorts> {
  outputs: StageOutputs<O>;
}

export interface StageResources {
  gpu?: number;
  /** Runs alone: nothing else is scheduled beside it (benchmarks, load tests). */
  exclusive?: boolean;
}

export interface StageDefinition<
  I extends InputPorts = InputPorts,
  P extends ParamsSchema = ParamsSchema,
  O extends OutputPorts = OutputPorts,
> {
  /** `group/name`, as written in `uses:` (e.g. `convert/tensorrt`). */
  name: string;
  /** Bump when the outputs for the same inputs would change: it is part of the cache key. */
  version: number;
  description: string;
  inputs: I;
  params: P;
  outputs: O;
  /** False for stages whose result must be fresh (benchmarks, load tests, deploys). Default true. */
  cacheable?: boolean;
  resources?: StageResources;
  /** Finds the external tools the stage needs; their versions enter the cache key. */
  probe?: (env: ProbeEnv) => Promise<ProbeResult>;
  /**
   * The names `probe` can return (its result's keys), declared so `pipeline check` knows them without
   * running the probe: `${{ tools.<name> }}` naming none of the installed stages' tools is reported as
   * `E_UNKNOWN_TOOL`, with a did-you-mean. Optional: when a stage with a `probe` leaves it out, its names
   * are whatever the probe returns when it runs (as `pipeline doctor` shows them), so `check` cannot
   * tell a typo from one of them and reports no tool name as unknown.
   *
   * @example
   * tools: ['trtexec'],
   * probe: async (env) => ({ trtexec: await env.findTool('trtexec') }),
   */
  tools?: readonly string[];
  /**
   * The stage's own rules about its `with:` beyond what `params` can say; see `StageCheckInput`. Runs
   * at `pipeline check` with what is known then and before `run` with everything resolved; a problem
   * is the user's mistake (exit 2), located at the param or input it names.
   */
  check?: StageCheck;
  /**
   * For a stage whose params have a template syntax of their own (exec's `{in:NAME}`, `{work}`): how
   * text that a `${{ }}` expression substitutes into param `param` is quoted in that syntax, so a
   * substituted value (a `-p` flag, an env value) is passed verbatim and never read as a placeholder.
   * Literal text of the pipeline file is not quoted.
   */
  quoteSubstituted?: (param: string, text: string) => string;
  run(ctx: StageContext<I, P>): Promise<StageResult<O>>;
}

/** A stage whose type parameters are erased, as the runner and registries hold them. */
// biome-ignore lint/suspicious/noExplicitAny: the runner handles stages of every shape.
export type AnyStage = StageDefinition<any, any, any>;

/**
 * Declares a stage. An identity function whose `const` generics infer `run`'s context from the
 * ports and params schema, so authors never write type arguments.
 */
export function defineStage<const I extends InputPorts, P extends ParamsSchema, const O extends OutputPorts>(
  stage: StageDefinition<I, P, O>,
): StageDefinition<I, P, O> {
  if (!/^[a-z][a-z0-9-]*(\/[a-z][a-z0-9-]*)*$/.test(stage.name)) {
    throw new Error(`stage name "${stage.name}" must be lower-case words separated by "/" (e.g. convert/tensorrt)`);
  }
  for (const key of Object.keys(stage.inputs)) {
    if (key in stage.params.shape) throw new Error(`stage ${stage.name}: "${key}" is both an input and a param`);
  }
  return stage;
}
