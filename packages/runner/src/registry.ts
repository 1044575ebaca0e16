import type { Runner, RunnerLoadOptions } from './runner.js';

/** What a runner opens: a model file today (ONNX, a TensorRT plan), a served model later. */
export interface RunnerTarget {
  /** The model file, or for a served model the model repository folder. */
  path: string;
  /** The artifact kind the path holds (`onnx-model`, `tensorrt-engine`, …), when the caller knows it. */
  kind?: string;
  /** Anything else the runner needs to find the model (a server URL, a model name). */
  settings?: Readonly<Record<string, unknown>>;
}

/**
 * What a runner's probe reports for one tool. Structurally the SDK's `ToolInfo`, repeated here so this
 * package stays free of the SDK: only `version` enters a stage's cache key.
 */
export interface RunnerTool {
  found: boolean;
  path?: string;
  version?: string;
  unlocks?: string;
  detail?: string;
}

/** What a runner's probe may use: a subset of the SDK's `ProbeEnv`, so a stage passes its own. */
export interface RunnerProbeEnv {
  findTool(name: string, options?: { versionArgs?: readonly string[]; versionPattern?: RegExp; candidates?: readonly string[]; unlocks?: string }): Promise<RunnerTool>;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * One backend that can run a model, as the `runner:` param of `validate` and `benchmark` names it.
 * Keep the module that defines an entry light: import the backend's heavy library inside `open`
 * (`await import(...)`), so listing the runners never loads a native binding.
 */
export interface RunnerEntry<Name extends string = string> {
  /** The value of `runner:` (`onnxruntime`, `tensorrt`, `triton`). */
  readonly name: Name;
  /** One line for people: what it runs on. */
  readonly describe: string;
  /** The tool names `probe` returns (a stage's `tools:`), so `pipeline check` knows them without probing. */
  readonly tools?: readonly string[];
  /** Opens the target; throws a `PipelineError` (e.g. `InvalidInputError`) when it cannot. */
  open(target: RunnerTarget, options?: RunnerLoadOptions): Promise<Runner>;
  /**
   * Finds what the runner needs on this machine; its versions enter the cache key of the stages that
   * use the registry. `purpose` says what the stage does with it, for `pipeline doctor`.
   */
  probe?(env: RunnerProbeEnv, purpose: string): Promise<Record<string, RunnerTool>>;
}

/**
 * Declares a runner entry. An identity function with a `const` generic, so the entry's `name` stays a
 * literal type and a registry of entries knows its names at compile time.
 *
 * @example
 * export const onnxRuntimeRunner = defineRunnerEntry({
 *   name: 'onnxruntime',
 *   describe: 'ONNX Runtime (onnxruntime-node) on the CPU',
 *   tools: ['onnxruntime'],
 *   open: async (target, options) => (await import('./runner.js')).openOnnxRuntime(target.path, options),
 * });
 */
export function defineRunnerEntry<const Name extends string>(entry: RunnerEntry<Name>): RunnerEntry<Name> {
  return entry;
}
