export { inspectParams, inspectStage } from './stage.js';

export { plugin } from './plugin.js';
export { InspectStageCode } from './codes.js';
