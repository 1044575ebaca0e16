import type { OutputValidation, ReportNumber, ValidationReport } from '@pipeline/kinds';
import { describeGate } from '@pipeline/sdk';

const fmt = (x: ReportNumber | undefined): string => {
  if (x === undefined) return '–';
  if (typeof x === 'string') return x === 'Infinity' ? '∞' : x === '-Infinity' ? '−∞' : x;
  if (x === 0 || Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? x.toPrecision(4) : x.toExponential(2);
};
const pct = (x: ReportNumber | undefined) => (typeof x === 'number' ? `${(x * 100).toFixed(2)} %` : fmt(x));

/** Rows of the per-output table, in reading order. */
const SHOWN = ['max_abs_error', 'mean_abs_error', 'median_abs_error', 'quantile_abs_error', 'max_rel_error', 'cosine_similarity', 'snr_db', 'within_tolerance', 'top1_agreement', 'topk_agreement'];

/** One output's heading, check line and statistics table. */
function outputTable(output: OutputValidation, heading: string, dtypes: string): string[] {
  const { check } = output;
  const lines = [
    heading,
    '',
    `${dtypes}, shape [${output.shape.join(', ')}]; check \`${check.check}\` with atol ${check.atol}, rtol ${check.rtol} (Polygraphy's rule).`,
    '',
    '| statistic (per sample) | mean | worst | worst sample |',
    '|---|---|---|---|',
  ];
  for (const name of SHOWN) {
    const d = output.statistics[name];
    if (!d) continue;
    const label = name === 'quantile_abs_error' ? `p${Math.round(check.quantile * 100)}_abs_error` : name;
    lines.push(`| ${label} | ${fmt(d.mean)} | ${fmt(d.worst?.value)} | ${d.worst?.sample ?? '–'} |`);
  }
  lines.push('');
  return lines;
}

/** The model card's Accuracy section (Markdown): what was compared on what, the figures, and the verdicts. */
export function accuracySection(report: ValidationReport): string {
  const lines = [
    '## Accuracy',
    '',
    `${report.candidate.name} (candidate) against ${report.reference.name} (reference) on ${report.data.samples} samples (${report.data.description}), ${report.runner.backend} ${report.runner.version} (${report.runner.execution_providers.join(', ')}). Verdict: **${report.passed ? 'passed' : 'FAILED'}**.`,
    '',
  ];
  if (report.task_metrics) {
    const { reference, candidate } = report.task_metrics;
    lines.push(`Task metrics against true labels (${report.task_metrics.labels.name}, output \`${report.task_metrics.output}\`):`, '', '| metric | reference | candidate | change |', '|---|---|---|---|');
    for (const [name, ref] of Object.entries(reference)) {
      const cand = candidate[name];
      const change = typeof ref === 'number' && typeof cand === 'number' ? `${((cand - ref) * 100).toFixed(2)} points` : '–';
      lines.push(`| ${name} | ${pct(ref)} | ${pct(cand)} | ${change} |`);
    }
    lines.push('');
  }
  for (const output of report.outputs) {
    const verdict = output.passed ? 'within tolerance' : `${output.failed_samples} of ${output.samples} samples outside tolerance`;
    lines.push(...outputTable(output, `### Output \`${output.name}\` — ${verdict}`, `${output.reference_dtype} → ${output.candidate_dtype}`));
  }
  const expected = report.reference_vs_expected;
  if (expected) {
    lines.push(
      `### Reference vs expected outputs — ${expected.passed ? 'passed' : 'FAILED'}`,
      '',
      `${report.reference.name} against the data set's expected outputs on ${expected.samples} of ${report.data.samples} samples (the expected tensor taken as right).`,
      '',
    );
    for (const output of expected.outputs) {
      const verdict = output.passed ? 'within tolerance' : `${output.failed_samples} of ${output.samples} samples outside tolerance`;
      lines.push(...outputTable(output, `#### Output \`${output.name}\` — ${verdict}`, `expected ${output.reference_dtype}, reference ${output.candidate_dtype}`));
    }
  }
  const failed = report.gates.filter((g) => !g.passed);
  lines.push(`Gates: ${report.gates.length - failed.length} of ${report.gates.length} passed.`);
  // The report writes infinities and NaN as strings (JSON has none); Number() reads them back.
  for (const g of failed) lines.push(`- ✗ ${g.message ?? describeGate({ ...g, value: Number(g.value) })}`);
  lines.push('', ...report.notes.map((n) => `_${n}_`), '');
  return lines.join('\n');
}
