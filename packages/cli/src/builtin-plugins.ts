import type { PluginDefinition } from '@pipeline/sdk';

/**
 * The stage packages that ship with the CLI. Each exports `plugin` (from `definePlugin`). They are
 * imported lazily so that `pipeline --help` does not pay for ONNX Runtime or protobuf.
 * Add one line per stage package.
 */
export const builtinPluginLoaders: ReadonlyArray<() => Promise<PluginDefinition>> = [
  () => import('@pipeline/stage-exec').then((m) => m.plugin),
  () => import('@pipeline/stage-benchmark').then((m) => m.plugin),
  () => import('@pipeline/stage-inspect').then((m) => m.plugin),
  () => import('@pipeline/stage-validate').then((m) => m.plugin),
  () => import('@pipeline/stage-convert-onnxruntime').then((m) => m.plugin),
];

export async function loadBuiltinPlugins(): Promise<PluginDefinition[]> {
  return Promise.all(builtinPluginLoaders.map((load) => load()));
}
