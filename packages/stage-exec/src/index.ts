export { execParams, execStage } from './exec-stage.js';
export { expandArgument, findInput, inputEnvironment } from './placeholders.js';
export type { NamedInput } from './placeholders.js';

export { default, plugin } from './plugin.js';
export { ExecStageCode } from './codes.js';
