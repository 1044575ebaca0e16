// One file per kind (or family of kinds); each is re-exported here. Kinds are data: a name, a zod
// schema for `meta`, a parent, and how a literal path of that kind is ingested.
export {
  benchmarkReportJsonSchema,
  benchmarkReportKind,
  benchmarkReportSchema,
  benchmarkResultSchema,
  benchmarkWarningSchema,
  latencyStatsSchema,
  measurementWindowSchema,
  stabilitySchema,
  sweepSchema,
} from './benchmark-report.js';
export type {
  BenchmarkReport,
  BenchmarkResult,
  BenchmarkWarning,
  ClientSide,
  GpuFigures,
  LatencyStats,
  Load,
  MeasurementWindow,
  RequestErrors,
  ServerSide,
  ServerStats,
  SloSearch,
  Stability,
  Sweep,
} from './benchmark-report.js';
export { modelInspectionJsonSchema, modelInspectionKind, modelInspectionSchema, lintFindingSchema, shapeProfileSchema, ioSpecSchema } from './model-inspection.js';
export type { IoSpec, LintFinding, ModelInspection, ShapeProfile } from './model-inspection.js';
export { batchDimSchema, dimSchema, lineageStepSchema, onnxModelKind, onnxModelMetaSchema, ortOnlyOnnxModelKind, usesOrtOnlyOps, valueSpecSchema } from './onnx-model.js';
export type { OnnxModelMeta, ValueSpecMeta } from './onnx-model.js';
export {
  readTrtexecReportMeta,
  tensorrtEngineKind,
  tensorrtEngineMetaSchema,
  trtexecReportKind,
  trtexecReportMetaSchema,
} from './tensorrt.js';
export type { TensorrtEngineMeta, TrtexecReportMeta } from './tensorrt.js';
export { tritonModelRepositoryKind, tritonModelRepositoryMetaSchema } from './triton.js';
export type { TritonModelRepositoryMeta } from './triton.js';
export { outputValidationSchema, reportNumberSchema, statisticDistributionSchema, validationReportJsonSchema, validationReportKind, validationReportSchema } from './validation-report.js';
export type { OutputValidation, ReportNumber, ValidationReport } from './validation-report.js';
export { KindsCode } from './codes.js';
export { kserveEndpointKind, kserveEndpointMetaSchema } from './kserve-endpoint.js';
export type { KserveEndpointMeta } from './kserve-endpoint.js';
