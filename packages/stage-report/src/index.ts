export { modelCardStage } from './stage.js';

export { plugin } from './plugin.js';
