export type { RunnerEntry, RunnerProbeEnv, RunnerTarget, RunnerTool } from './registry.js';
export { defineRunnerEntry } from './registry.js';
export type { Runner, RunnerFactory, RunnerInfo, RunnerLoadOptions, RunOptions } from './runner.js';
export { createRunnerRegistry, RunnerRegistry } from './runner-registry.js';
