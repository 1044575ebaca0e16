import { definePlugin } from '@pipeline/sdk';
import { inspectStage } from './stage.js';

export { inspectParams, inspectStage } from './stage.js';

/** The `inspect` stage as a plugin the CLI loads. */
export const plugin = definePlugin({ name: '@pipeline/stage-inspect', stages: [inspectStage] });
export { InspectStageCode } from './codes.js';
