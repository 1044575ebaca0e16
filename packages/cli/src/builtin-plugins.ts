import type { PluginDefinition } from '@pipeline/sdk';

/** A stage package that ships with the CLI: the `uses:` names it provides, and how to import it. */
export interface BuiltinPlugin {
  /** Its stages' names, so a file's `uses:` picks the packages to import; a test checks them against the plugin. */
  stages: readonly string[];
  load(): Promise<PluginDefinition>;
}

/**
 * The stage packages that ship with the CLI. Each exports `plugin` (from `definePlugin`) at its
 * `/plugin` entry, which holds the stages' definitions only: a stage's `run` imports its libraries when
 * it runs. They are imported lazily, and only those a pipeline file uses, so that `pipeline --help` does
 * not pay for any, `check` does not pay for ONNX Runtime, the data readers or the HTTP client, and a
 * run of `exec` stages does not pay for the model libraries.
 * Add one entry per stage package.
 */
export const builtinPlugins: readonly BuiltinPlugin[] = [
  { stages: ['exec'], load: () => import('@pipeline/stage-exec/plugin').then((m) => m.plugin) },
  { stages: ['benchmark', 'benchmark/server'], load: () => import('@pipeline/stage-benchmark/plugin').then((m) => m.plugin) },
  { stages: ['inspect'], load: () => import('@pipeline/stage-inspect/plugin').then((m) => m.plugin) },
  { stages: ['validate'], load: () => import('@pipeline/stage-validate/plugin').then((m) => m.plugin) },
  { stages: ['convert/onnxruntime'], load: () => import('@pipeline/stage-convert-onnxruntime/plugin').then((m) => m.plugin) },
  { stages: ['convert/tensorrt'], load: () => import('@pipeline/stage-convert-tensorrt/plugin').then((m) => m.plugin) },
  { stages: ['serve/local'], load: () => import('@pipeline/stage-serve-local/plugin').then((m) => m.plugin) },
  { stages: ['deploy/triton'], load: () => import('@pipeline/stage-deploy-triton/plugin').then((m) => m.plugin) },
  { stages: ['report/model-card'], load: () => import('@pipeline/stage-report/plugin').then((m) => m.plugin) },
  { stages: ['package/triton'], load: () => import('@pipeline/stage-package-triton/plugin').then((m) => m.plugin) },
];

/** Every built-in plugin: for `stages`, `schema`, `doctor`, and files this table cannot vouch for. */
export async function loadBuiltinPlugins(): Promise<PluginDefinition[]> {
  return Promise.all(builtinPlugins.map((plugin) => plugin.load()));
}

/**
 * The built-in plugins that provide these `uses:` names. When a name is not in the table (a typo, a
 * stage of the file's own `plugins:`) — or `uses` is undefined — all are loaded, so that "did you
 * mean" suggestions and duplicate-stage checks see every installed stage.
 */
export async function loadBuiltinPluginsFor(uses: readonly string[] | undefined): Promise<PluginDefinition[]> {
  if (uses === undefined) return loadBuiltinPlugins();
  const chosen = new Set<BuiltinPlugin>();
  for (const name of uses) {
    const plugin = builtinPlugins.find((p) => p.stages.includes(name));
    if (!plugin) return loadBuiltinPlugins();
    chosen.add(plugin);
  }
  // In table order, so the registry lists stages the same way whichever subset a file needs.
  return Promise.all(builtinPlugins.filter((p) => chosen.has(p)).map((plugin) => plugin.load()));
}
