export { CacheIndex, cacheComponentsFor, cacheKeyOf, probeFingerprint } from './cache-index.js';
export type { CacheEntry } from './cache-index.js';
export { canonicalJson, sha256Digest } from './canonical-json.js';
export { ContentStore } from './content-store.js';
export type { StoredObject } from './content-store.js';
export { createExec, ExecFailedError } from './exec-process.js';
export type { ExecDependencies } from './exec-process.js';
export { bundleDigest, normalizeCompanionPath } from './bundle-digest.js';
export type { BundleDigest, CompanionEntry } from './bundle-digest.js';
export { createFileHasher, hashWithCompanions } from './file-hasher.js';
export type { FileHasher, FileHasherOptions, HashFile, ManifestEntry, PathDigest } from './file-hasher.js';
export { hashFileContent } from './hash-file.js';
export type { FileDigest } from './hash-file.js';
export { createProbeEnv } from './probe-env.js';
export { combineRunEvents } from './run-events.js';
export type { LogLevel, RunEvents } from './run-events.js';
export { exitCodeOf, runPlan, runStatusOf, writeJsonAtomic } from './run-plan.js';
export type { RunOptions } from './run-plan.js';
export { RUN_RECORD_SCHEMA_VERSION, runRecordJsonSchema, runRecordSchema } from './run-record.js';
export { locateRunRecord } from './locate-run-record.js';
export type { CacheComponents, RecordedArtifact, RunRecord, RunStatus, StageRecord } from './run-record.js';
export type { ContinueOn } from './schedule.js';
export { createMasker } from './secret-mask.js';
// The file side of a stage's context, also for tests that run a stage in-process with a hand-made context.
export { createStageFiles } from './stage-files.js';
export { acquireWorkspaceLock } from './workspace-lock.js';
export type { WorkspaceLock } from './workspace-lock.js';
export { workspaceLayout } from './workspace-layout.js';
export type { WorkspaceLayout } from './workspace-layout.js';
// Builders of hand-made Plans, for tests of stages and of the runner (the shapes `loadPipeline` makes).
export {
  artifact as artifactBinding,
  outputOf as outputBinding,
  planned as plannedStage,
  planOf as planFromStages,
  value as valueBinding,
} from './plan-builder.testing.js';
export type { StageSpec } from './plan-builder.testing.js';
export { diffCacheComponents, explainStage, readLastRun } from './explain.js';
export type { ExplainOptions, KeyChange, StageExplanation } from './explain.js';
export { listCache, pruneWorkspace } from './prune.js';
export type { CacheListing, PruneResult } from './prune.js';
