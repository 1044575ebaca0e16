import type { RunnerEntry, RunnerProbeEnv, RunnerTarget, RunnerTool } from './registry.js';
import type { Runner, RunnerFactory, RunnerLoadOptions } from './runner.js';

/**
 * The runners a stage can drive, by name. Built once from a fixed list of entries
 * (`createRunnerRegistry`), so a params schema can take its `runner:` enum from `names` and the JSON
 * Schema generated from it lists exactly the runners that exist.
 */
export class RunnerRegistry<Name extends string = string> {
  /** Every runner name, in registration order (a non-empty tuple, as `z.enum` wants it). */
  readonly names: readonly [Name, ...Name[]];
  /** Every tool name the entries' probes return, for a stage's `tools:`. */
  readonly tools: readonly string[];
  readonly #entries: ReadonlyMap<string, RunnerEntry<Name>>;

  constructor(entries: readonly [RunnerEntry<Name>, ...RunnerEntry<Name>[]]) {
    const byName = new Map<string, RunnerEntry<Name>>();
    for (const entry of entries) {
      // Two entries under one name is a programming error in the list, not a user's mistake.
      if (byName.has(entry.name)) throw new Error(`runner "${entry.name}" is registered twice`);
      byName.set(entry.name, entry);
    }
    this.#entries = byName;
    this.names = entries.map((entry) => entry.name) as unknown as readonly [Name, ...Name[]];
    this.tools = [...new Set(entries.flatMap((entry) => entry.tools ?? []))];
  }

  /** Whether `name` is a registered runner (narrows it). */
  has(name: string): name is Name {
    return this.#entries.has(name);
  }

  /** The entry of a registered runner. Names come from a checked `runner:` param, so an unknown one is a bug. */
  get(name: Name): RunnerEntry<Name> {
    const entry = this.#entries.get(name);
    if (!entry) throw new Error(`unknown runner "${name}" (registered: ${this.names.join(', ')})`);
    return entry;
  }

  /** All entries, in registration order. */
  entries(): RunnerEntry<Name>[] {
    return [...this.#entries.values()];
  }

  /** Opens `target` on the named runner. */
  open(name: Name, target: RunnerTarget, options?: RunnerLoadOptions): Promise<Runner> {
    return this.get(name).open(target, options);
  }

  /** The named runner as a `RunnerFactory` (model path → Runner), the shape the stages' libraries take. */
  factory(name: Name, target: Omit<RunnerTarget, 'path'> = {}): RunnerFactory {
    const entry = this.get(name);
    return (modelPath, options) => entry.open({ ...target, path: modelPath }, options);
  }

  /**
   * Runs every entry's probe and merges the results: a stage's `probe`. All entries are probed, since a
   * stage's probe does not see its params; a tool's version only enters the cache key, so probing a runner
   * the stage does not use costs a lookup, not a re-run.
   */
  async probe(env: RunnerProbeEnv, purpose: string): Promise<Record<string, RunnerTool>> {
    const found: Record<string, RunnerTool> = {};
    for (const entry of this.#entries.values()) {
      if (entry.probe) Object.assign(found, await entry.probe(env, purpose));
    }
    return found;
  }

  /** `name — describe` per runner, one line each, for help texts and schema descriptions. */
  describe(): string {
    return this.entries()
      .map((entry) => `${entry.name} — ${entry.describe}`)
      .join('\n');
  }
}

/**
 * Builds a registry from a fixed list of entries; the names become the registry's literal type.
 *
 * @example
 * export const builtinRunners = createRunnerRegistry([onnxRuntimeRunner, tensorRtRunner]);
 * const params = z.object({ runner: z.enum(builtinRunners.names).default('onnxruntime') });
 */
export function createRunnerRegistry<const Entries extends readonly [RunnerEntry, ...RunnerEntry[]]>(
  entries: Entries,
): RunnerRegistry<Entries[number]['name']> {
  return new RunnerRegistry(entries as unknown as readonly [RunnerEntry<Entries[number]['name']>, ...RunnerEntry<Entries[number]['name']>[]]);
}
