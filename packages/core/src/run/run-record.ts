// run.json's schema lives with its renderings in @pipeline/reports (a report stage reads run.json
// without the runner); the runner writes it, so its modules keep importing it from here.
export {
  RUN_RECORD_SCHEMA_VERSION,
  runRecordJsonSchema,
  runRecordSchema,
} from '@pipeline/reports/run-record';
export type { CacheComponents, PipelineOutputRecord, RecordedArtifact, RunRecord, RunStatus, StageRecord } from '@pipeline/reports/run-record';
