import { definePlugin } from '@pipeline/sdk';
import { modelCardStage } from './stage.js';

export { modelCardStage } from './stage.js';

/** The plugin the CLI registers: the `report/model-card` stage. */
export const plugin = definePlugin({ name: '@pipeline/stage-report', stages: [modelCardStage] });
