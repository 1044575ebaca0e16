import { definePlugin } from '@pipeline/sdk';
import { validateStage } from './stage.js';

/**
 * The plugin the CLI registers: the `validate` stage. Also `@pipeline/stage-validate/plugin`, which
 * imports the stage's definition only (ports, params, probe), not the libraries its run needs.
 */
export const plugin = definePlugin({ name: '@pipeline/stage-validate', stages: [validateStage] });
