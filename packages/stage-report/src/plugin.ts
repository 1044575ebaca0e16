import { definePlugin } from '@pipeline/sdk';
import { modelCardStage } from './stage.js';

/**
 * The plugin the CLI registers: the `report/model-card` stage. Also `@pipeline/stage-report/plugin`,
 * as every stage package has one: the entry the CLI imports, holding the stages' definitions.
 */
export const plugin = definePlugin({ name: '@pipeline/stage-report', stages: [modelCardStage] });
