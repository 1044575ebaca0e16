export { inspectModel } from './inspect-model.js';
export type { InspectOptions } from './inspect-model.js';
export { lintForTensorRT } from './lint.js';
export type { LintResult } from './lint.js';
export { CONTROL_FLOW_OPS, DATA_DEPENDENT_SHAPE_OPS, operatorTables, QDQ_OPS, TENSORRT_VERSIONS } from './operator-support.js';
export type { OperatorTable, TensorRTVersion } from './operator-support.js';
export { suggestProfiles } from './profiles.js';
export { formatInspectionSummary } from './summary.js';
export type { SummaryOptions } from './summary.js';
