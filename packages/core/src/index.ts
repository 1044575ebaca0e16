export type { Binding, MatrixValue, Plan, PlannedStage, RunScope, StageOutcome, StageStatus } from './plan/types.js';
export * from './run/index.js';
