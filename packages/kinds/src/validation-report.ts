import {
  type OutputValidation,
  outputValidationSchema,
  type ReportNumber,
  reportNumberSchema,
  statisticDistributionSchema,
  type ValidationReport,
  validationReportJsonSchema,
  validationReportSchema,
} from '@pipeline/accuracy/report-schema';
import { defineArtifactKind, jsonKind } from '@pipeline/sdk';

// The accuracy library owns the report's schema; the kind wraps it, as tensorrt.ts wraps
// @pipeline/tensorrt's trtexec-report.
export { outputValidationSchema, reportNumberSchema, statisticDistributionSchema, validationReportJsonSchema, validationReportSchema };
export type { OutputValidation, ReportNumber, ValidationReport };

/** A validation report as JSON; `meta` is the whole report, so expressions can read `meta.passed`. */
export const validationReportKind = defineArtifactKind('validation-report', validationReportSchema, {
  parent: jsonKind,
  description: 'Accuracy of a candidate model against a reference: error statistics per output, task metrics, gates.',
});
