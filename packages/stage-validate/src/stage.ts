import { builtinRunners } from '@pipeline/builtin-runners';
import { defineStage } from '@pipeline/sdk';
import { validateParamsSchema } from './params.js';
import { validateInputs, validateOutputs } from './ports.js';

/**
 * `validate`: runs a reference and a candidate model on the same samples and compares every output
 * (Polygraphy's tolerance rule and exact error statistics), with task metrics against true labels. A
 * failed gate fails the stage (exit 1) after the report is written. Its run imports the runners, the
 * data readers and the comparison only when it runs (run.ts): checking a file loads none of them.
 */
export const validateStage = defineStage({
  name: 'validate',
  version: 2,
  description: 'Compares a candidate model with a reference on the same samples: error statistics per output, task metrics, gates.',
  inputs: validateInputs,
  params: validateParamsSchema,
  // The outputs compared come from ORT: its version is in the cache key (read without loading the native library).
  tools: builtinRunners.tools,
  probe: (env) => builtinRunners.probe(env, 'running reference and candidate models (validate)'),
  outputs: validateOutputs,
  async run(ctx) {
    const { runValidate } = await import('./run.js');
    return runValidate(ctx);
  },
});
