// `@pipeline/core/load`: reading, checking and planning a pipeline file, without the runner. What
// `pipeline check` and `plan` import, so they do not compile the scheduler, the content store and the
// run record (the package's index holds everything, this included).
export type { Binding, MatrixValue, Plan, PlannedStage, RunScope } from './plan/types.js';
export { DiagnosticCode } from './config/codes.js';
export { PipelineSource } from './config/source.js';
export { type LoadedPipeline, type LoadPipelineOptions, loadPipeline, readPipelineSource } from './plan/load-pipeline.js';
export { StageRegistry } from './registry/stage-registry.js';
export { createFileHasher, type FileHasher, type HashFile } from './run/file-hasher.js';
export { workspaceLayout } from './run/workspace-layout.js';
