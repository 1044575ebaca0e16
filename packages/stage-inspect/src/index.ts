export { inspectStage } from './stage.js';
export { inspectParams } from './ports.js';

export { plugin } from './plugin.js';
export { InspectStageCode } from './codes.js';
