export { formatDuration, runSummaryLine, STATUS_MARK, stageLine } from './format.js';
export { renderJunit } from './junit-report.js';
export { displayPath, renderRunOutputs } from './run-outputs.js';
export { RUN_RECORD_SCHEMA_VERSION, runRecordJsonSchema, runRecordSchema } from './run-record.js';
export type { CacheComponents, PipelineOutputRecord, RecordedArtifact, RunRecord, RunStatus, StageRecord } from './run-record.js';
export { renderRunReport } from './run-report.js';
export { renderStepSummary } from './step-summary.js';
export { ReportsCode } from './codes.js';
