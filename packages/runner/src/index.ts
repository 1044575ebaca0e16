export type { Runner, RunnerFactory, RunnerInfo, RunnerLoadOptions, RunOptions } from './runner.js';
