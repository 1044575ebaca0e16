export { AccuracyComparison } from './comparison.js';
export type { ComparisonOptions, OutputSummary, SampleComparison } from './comparison.js';
export { compareOutput, needsRelativeQuantiles } from './compare-output.js';
export type { CheckStatistic, OutputCheckOptions, SampleOutputComparison } from './compare-output.js';
export {
  checkOptionsFromParams,
  comparisonParamsSchema,
  DEFAULT_CHECK,
  gateSchema,
  metricBoundGateSchema,
  metricDropGateSchema,
  statisticGateSchema,
  toleranceSchema,
} from './config.js';
export type { ComparisonParams, GateParams, ToleranceParams } from './config.js';
export { StatisticDistribution } from './distribution.js';
export type { DistributionSummary } from './distribution.js';
export { closeComparisonHelper, comparisonHelperStats, setComparisonHelperEnabled, warmUpComparisonHelper } from './comparison-helper.js';
export type { ComparisonHelperStats } from './comparison-helper.js';
export { setWasmComparisonEnabled, wasmComparisonActive } from './elementwise-wasm.js';
export { createScratch, ElementPassResult, RELATIVE_ERROR_EPSILON, SPLIT_MIN_ELEMENTS } from './elementwise.js';
export type { ComparisonScratch, FloatData, PassLayout, Tolerance } from './elementwise.js';
export { ERROR_HISTOGRAM_BINS, errorHistogramBin, errorHistogramBinLowerEdge, errorHistogramChart } from './error-histogram.js';
export { float16BitsToNumber, float16ToFloat32 } from './float16.js';
export { toleranceGates, userGates } from './gates.js';
export type { TaskResults } from './gates.js';
export { parseLabels } from './labels.js';
export type { Labels } from './labels.js';
export { LOG_HISTOGRAM_RELATIVE_ERROR, LogHistogram } from './log-histogram.js';
export { quantilesInPlace, radixQuantiles, selectKth } from './quickselect.js';
export { compareElements, PART_SIZE, partCount, passQuantiles } from './split-pass.js';
export { isWorse, STATISTIC_NAMES, STATISTICS } from './statistics.js';
export type { SampleStatistics, StatisticName } from './statistics.js';
export { topKAccuracy } from './task-metric.js';
export type { TaskMetric, TaskSample, TopKAccuracyOptions } from './task-metric.js';
export { tensorAsFloat } from './to-float.js';
export { argMaxInRow, rankInRow, topKAgreement } from './topk.js';
export { outputValidationSchema, reportNumberSchema, statisticDistributionSchema, validationReportJsonSchema, validationReportSchema } from './report-schema.js';
export type { OutputValidation, ReportNumber, ValidationReport } from './report-schema.js';
export { AccuracyCode } from './codes.js';
