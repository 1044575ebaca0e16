export { serveLocalStage } from './stage.js';

export { plugin } from './plugin.js';
