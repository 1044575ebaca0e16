import { createRequire } from 'node:module';

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
