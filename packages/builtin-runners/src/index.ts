import { kserveRunner } from '@pipeline/kserve-client/runner-entry';
import { createRunnerRegistry } from '@pipeline/runner';
import { onnxRuntimeRunner } from '@pipeline/runner-onnxruntime/entry';
import { tensorrtRunner } from '@pipeline/tensorrt/runner-entry';

/**
 * Every runner the built-in `validate` and `benchmark` stages can drive. Their `runner:` enum is
 * `builtinRunners.names`, so a new backend is one entry here (defined with `defineRunnerEntry` in the
 * package that implements it) and one dependency in this package's manifest.
 */
export const builtinRunners = createRunnerRegistry([onnxRuntimeRunner, kserveRunner, tensorrtRunner]);

/** A name `builtinRunners` knows (`onnxruntime`, `triton`, `tensorrt`). */
export type BuiltinRunnerName = (typeof builtinRunners.names)[number];

export { serverParamsSchema } from './server-params.js';
export type { ServerParams } from './server-params.js';
export { serverRunnerSettings } from './server-settings.js';
export type { ServerSettingsIo } from './server-settings.js';
