import { createRequire } from 'node:module';
import path from 'node:path';

/** The `onnxruntime-node` module namespace, typed without loading it. */
export type OrtModule = typeof import('onnxruntime-node');

let ortPromise: Promise<OrtModule> | undefined;

/**
 * Loads `onnxruntime-node` on first use. The native binding takes a noticeable time to load, and most CLI
 * verbs never run a model, so nothing imports it at module load time.
 */
export function loadOnnxRuntime(): Promise<OrtModule> {
  ortPromise ??= import('onnxruntime-node').then((mod) => {
    // It is a CommonJS package: Node exposes its exports both as named exports and as `default`.
    const withDefault = mod as OrtModule & { default?: OrtModule };
    return typeof mod.InferenceSession === 'function' ? mod : (withDefault.default ?? mod);
  });
  return ortPromise;
}

/**
 * The installed ONNX Runtime version (e.g. `1.30.0`), read from its package.json so that asking for it
 * does not load the native library. Reports record it beside every figure.
 */
export function onnxRuntimeVersion(): string {
  const require = createRequire(import.meta.url);
  const pkg = require('onnxruntime-node/package.json') as { version: string };
  return pkg.version;
}

/**
 * What a stage's probe reports for ONNX Runtime: the version (it enters the cache key, so upgrading
 * onnxruntime-node re-runs the stages whose results it decides) and where the package is installed,
 * so `pipeline doctor` can show it like any other tool.
 */
export function onnxRuntimeTool(unlocks: string): { found: true; version: string; path: string; unlocks: string } {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('onnxruntime-node/package.json');
  return { found: true, version: onnxRuntimeVersion(), path: path.dirname(manifest), unlocks };
}
