import type { DistributionSummary, OutputSummary } from '@pipeline/accuracy';
import type { OutputValidation, ReportNumber, ValidationReport } from '@pipeline/kinds';
import type { GateRecord } from '@pipeline/sdk';
import type { ValidateInputs, ValidationResult } from './validate-models.js';

/** JSON has no infinities or NaN: they are written as strings the schema names. */
export function reportNumber(x: number): ReportNumber {
  if (Number.isFinite(x)) return x;
  if (Number.isNaN(x)) return 'NaN';
  return x > 0 ? 'Infinity' : '-Infinity';
}

const numbers = (record: Record<string, number>) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, reportNumber(v)]));

function distribution(d: DistributionSummary) {
  return {
    count: d.count,
    nan: d.nan,
    min: reportNumber(d.min),
    max: reportNumber(d.max),
    mean: reportNumber(d.mean),
    p50: reportNumber(d.p50),
    p90: reportNumber(d.p90),
    p99: reportNumber(d.p99),
    worst: d.worst ? { sample: d.worst.sample, value: reportNumber(d.worst.value) } : null,
  };
}

function outputReport(s: OutputSummary): OutputValidation {
  const statistics: OutputValidation['statistics'] = {};
  for (const [name, d] of Object.entries(s.statistics)) if (d) statistics[name] = distribution(d);
  const check: OutputValidation['check'] = { check: s.check.check, atol: s.check.atol, rtol: s.check.rtol, quantile: s.check.quantile };
  if (s.check.topK !== undefined) check.top_k = s.check.topK;
  return {
    name: s.name,
    shape: s.shape,
    reference_dtype: s.referenceDtype ?? 'unknown',
    candidate_dtype: s.candidateDtype ?? 'unknown',
    check,
    passed: s.failedSamples === 0,
    samples: s.samples,
    failed_samples: s.failedSamples,
    failed_sample_ids: s.failedSampleIds,
    elements: s.elements,
    failed_elements: s.failedElements,
    reference_non_finite: s.referenceNonFinite,
    worst_check: s.worstCheck ? { sample: s.worstCheck.sample, abs: reportNumber(s.worstCheck.abs), rel: reportNumber(s.worstCheck.rel) } : null,
    statistics,
    error_histogram: s.histogram,
  };
}

/** The report document (schemas/validation-report.schema.json) from the comparison and the judged gates. */
export function buildReport(inputs: ValidateInputs, result: ValidationResult, gates: readonly GateRecord[]): ValidationReport {
  const notes = [
    'Accuracy only: no speed was measured here. On x86 CPUs ONNX Runtime runs FP16 models through casts, so an FP16 candidate is not expected to be faster on this runner.',
    'Relative errors divide by |reference|, with 0 replaced by 2.22e-16 (Polygraphy). p50/p90/p99 across samples come from a fixed-size log histogram (within 5.9 %); per-sample medians and quantiles are exact.',
  ];
  if (result.expected) {
    notes.push(
      `Reference vs expected: ${inputs.reference.name} against the expected outputs of ${result.expected.samples} of ${result.data.samples} samples, the expected tensor taken as right (relative errors divide by it).`,
    );
  }
  if (result.capped) notes.push(result.capped);
  if (result.batching) notes.push(result.batching);
  if (result.outputs.some((o) => o.check.topK !== undefined)) notes.push('top1/topk_agreement compare the two models with each other; they are agreement, not accuracy.');
  return {
    schema_version: 1,
    passed: gates.every((g) => g.passed),
    reference: { name: inputs.reference.name, digest: inputs.reference.digest },
    candidate: { name: inputs.candidate.name, digest: inputs.candidate.digest, kind: inputs.candidate.kind },
    runner: { backend: result.runner.backend, version: result.runner.version, execution_providers: result.runner.executionProviders },
    data: result.data,
    outputs: result.outputs.map(outputReport),
    task_metrics:
      result.task && inputs.labels
        ? {
            labels: { name: inputs.labels.name, digest: inputs.labels.digest },
            output: result.task.output,
            reference: numbers(result.task.results.reference),
            candidate: numbers(result.task.results.candidate),
          }
        : null,
    reference_vs_expected: result.expected
      ? { samples: result.expected.samples, passed: result.expected.outputs.every((o) => o.failedSamples === 0), outputs: result.expected.outputs.map(outputReport) }
      : null,
    gates: gates.map((g) => ({ ...g, value: reportNumber(g.value) })),
    notes,
  };
}
