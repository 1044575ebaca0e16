// `@pipeline/core/testing`: builders of hand-made Plans, for tests of stages and of the runner (the
// shapes `loadPipeline` makes). Not built (tsconfig excludes *.testing.ts) and not in the public entry:
// the package.json export points at this source, which Vitest and the tests' type-check read.
export {
  artifact as artifactBinding,
  outputOf as outputBinding,
  planned as plannedStage,
  planOf as planFromStages,
  value as valueBinding,
} from './run/plan-builder.testing.js';
export type { StageSpec } from './run/plan-builder.testing.js';
