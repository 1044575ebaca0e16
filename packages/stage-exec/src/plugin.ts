import { definePlugin } from '@pipeline/sdk';
import { execStage } from './exec-stage.js';

/**
 * The built-in `exec` stage as a plugin. Also `@pipeline/stage-exec/plugin`, as every stage package
 * has one: the entry the CLI imports, holding the stages' definitions.
 */
export const plugin = definePlugin({ name: '@pipeline/stage-exec', stages: [execStage] });
export default plugin;
