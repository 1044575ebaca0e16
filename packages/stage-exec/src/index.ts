import { definePlugin } from '@pipeline/sdk';
import { execStage } from './exec-stage.js';

export { execParams, execStage } from './exec-stage.js';
export { expandArgument, findInput, inputEnvironment } from './placeholders.js';
export type { NamedInput } from './placeholders.js';

/** The built-in `exec` stage as a plugin. */
export const plugin = definePlugin({ name: '@pipeline/stage-exec', stages: [execStage] });
export default plugin;
export { ExecStageCode } from './codes.js';
