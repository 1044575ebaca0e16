export { parseTrtexecFlags, parseTrtexecStatusLine } from './log/command.js';
export type { TrtexecStatusWord } from './log/command.js';
export { parseDims } from './log/facts.js';
export { splitTrtexecLine } from './log/line.js';
export type { TrtexecLogLine, TrtexecSeverity } from './log/line.js';
export { createTrtexecLogParser, parseTrtexecLog } from './log/parser.js';
export type { TrtexecLogParser, TrtexecLogParserOptions } from './log/parser.js';
export { parseCppNumber } from './log/performance.js';
export type {
  TrtexecBinding,
  TrtexecCommand,
  TrtexecDevice,
  TrtexecDiagnosticLine,
  TrtexecEngineFacts,
  TrtexecInferenceFacts,
  TrtexecLayerProfile,
  TrtexecLayerTiming,
  TrtexecLogEvent,
  TrtexecMetricStats,
  TrtexecPerformanceSummary,
  TrtexecPhase,
  TrtexecPhaseName,
  TrtexecRun,
  TrtexecSummaryNoteKind,
} from './log/types.js';
export {
  compareTensorrtVersions,
  decodeTrtexecVersionTag,
  formatTensorrtVersion,
  parseTensorrtVersion,
} from './version.js';
export type { TensorrtVersion } from './version.js';
export { checkTrtexecExports } from './exports/consistency.js';
export type { TrtexecExports, TrtexecExportWarning, TrtexecExportWarningCode } from './exports/consistency.js';
export { parseTrtexecLayerInfo } from './exports/layer-info.js';
export type { TrtexecLayerInfo, TrtexecLayerInfoFile, TrtexecLayerTensor } from './exports/layer-info.js';
export { parseTrtexecProfile } from './exports/profile.js';
export { parseTrtexecTimes } from './exports/times.js';
export type { TrtexecTimingRecord } from './exports/times.js';
export { LooseJsonError, parseLooseJson } from './exports/tolerant-json.js';
export type { LooseJson } from './exports/tolerant-json.js';
export { classifyTrtexecFailure, isTrtexecHelpText } from './failure.js';
export type { TrtexecFailure, TrtexecFailureClass } from './failure.js';
export { hasTrtexecFlag, REMOVED_TRTEXEC_FLAGS, trtexecFlags } from './help.js';
export type { TrtexecFlag, TrtexecFlagSet } from './help.js';
export { summarizeTrtexecTimes, trtexecMedian, trtexecPercentile } from './latency-stats.js';
export type { LatencyStats, TrtexecLatencyStats } from './latency-stats.js';
export { PLAN_HEADER_BYTES, parsePlanHeader, readPlanHeader } from './plan-header.js';
export type { PlanHeader, ReadPlanHeaderOptions } from './plan-header.js';
export { buildTrtexecReport } from './report/build.js';
export type { TrtexecReportInputs } from './report/build.js';
export { formatTrtexecReport } from './report/format.js';
export { trtexecReportJsonSchema, trtexecReportSchema } from './report/schema.js';
export type { TrtexecReport } from './report/schema.js';
export { buildTrtexecEngineRunArgv } from './drive/bench-argv.js';
export type { TrtexecEngineRunOptions } from './drive/bench-argv.js';
export { buildTrtexecBuildArgv } from './drive/build-argv.js';
export { detectTrtexecFromHelp, NVIDIA_SMI_GPU_QUERY, parseNvidiaSmiGpus } from './drive/detect.js';
export type { DetectedGpu, DetectedTrtexec } from './drive/detect.js';
export { describeTarget, TRT11_REMOVED_FLAGS, trtexecHasFlag } from './drive/gate.js';
export type { TrtexecTarget } from './drive/gate.js';
export { CONTAINER_TRTEXEC_PATH, currentUser, formatReproCommand, isExecutableFile, locateTrtexec, TRTEXEC_NOT_FOUND, trtexecProcess } from './drive/locate.js';
export type { LocateTrtexecOptions, LocateTrtexecResult, TrtexecLocation, TrtexecRunnerChoice } from './drive/locate.js';
export { TRTEXEC_PRECISIONS } from './drive/options.js';
export type { TrtexecBuildOptions, TrtexecOptionProblem, TrtexecPrecision, TrtexecProfile, TrtexecShapeBounds } from './drive/options.js';
export { detectGpu, detectTrtexec, runTrtexec } from './drive/run.js';
export type { RunTrtexecOptions, TrtexecExec, TrtexecExecResult, TrtexecRunFailure, TrtexecRunOutcome } from './drive/run.js';
export { withTimingCacheLock } from './drive/timing-cache.js';
export { TensorrtCode } from './codes.js';
export type { EngineBinding, TensorrtRunnerSettings } from './runner/settings.js';
