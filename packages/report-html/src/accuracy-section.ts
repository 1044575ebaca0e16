import type { RunRecord, StageRecord } from '@pipeline/reports';
import { gateMargin } from './gates-section.js';
import { chartOption } from './chart-options.js';
import { esc } from './escape.js';
import { figure, figureOf, section, table } from './format.js';
import { type OutputValidationView, outputsOfKind, type ValidationReportView } from './report-data.js';
import { renderSvgChart } from './svg-chart.js';

const STATISTICS_SHOWN = ['max_abs_error', 'mean_abs_error', 'max_rel_error', 'cosine_similarity', 'snr_db', 'top1_agreement'];

function outputPart(stage: StageRecord, output: OutputValidationView, drawn: Set<string>): string {
  const stats = Object.entries(output.statistics ?? {}).filter(([name]) => STATISTICS_SHOWN.includes(name) || Object.keys(output.statistics ?? {}).length <= 8);
  const statTable = table(
    ['statistic (over samples)', 'mean', 'p50', 'p99', 'max'],
    stats.map(([name, d]) => [esc(name), figure(d.mean), figure(d.p50), figure(d.p99), figure(d.max)]),
  );
  const c = output.check ?? {};
  const verdict = output.passed ? '<span class="pass">passed</span>' : '<span class="fail">FAILED</span>';
  const head = `<h4><code>${esc(output.name ?? '')}</code> ${verdict}: check ${esc(c.check ?? '')} (atol ${figure(c.atol)}, rtol ${figure(c.rtol)}); ${figure(output.failed_samples)} of ${figure(output.samples)} samples and ${figure(output.failed_elements)} of ${figure(output.elements)} elements outside</h4>`;
  const hist = output.error_histogram;
  let chart = '';
  if (hist && hist.series.length > 0) {
    drawn.add(hist.id);
    chart = figureOf(renderSvgChart(chartOption(hist), { width: 640, height: 260 }), { chart: hist.id, stage: stage.id, title: hist.title });
  }
  return `${head}${chart}${statTable}`;
}

function validation(stage: StageRecord, report: ValidationReportView, drawn: Set<string>): string {
  const gates = table(
    ['gate', 'value', 'required', 'margin', ''],
    stage.gates.map((g) => {
      const { margin, pct } = gateMargin(g);
      return [esc(g.name), figure(g.value, g.unit), `${esc(g.op)} ${figure(g.bound, g.unit)}`, `${figure(margin, g.unit)}${pct === undefined ? '' : ` (${figure(pct)}%)`}`, g.passed ? '<span class="pass">passed</span>' : '<span class="fail">FAILED</span>'];
    }),
  );
  const tm = report.task_metrics;
  const task = tm
    ? table(['task metric', 'reference', 'candidate', 'change'], Object.keys({ ...tm.reference, ...tm.candidate }).map((k) => {
        const r = tm.reference?.[k];
        const c = tm.candidate?.[k];
        return [esc(k), figure(r), figure(c), typeof r === 'number' && typeof c === 'number' ? `${figure((c - r) * 100)} points` : '—'];
      }))
    : '';
  const head = `<h3><code>${esc(stage.id)}</code>: ${esc(report.candidate?.name ?? '')} against ${esc(report.reference?.name ?? '')} on ${figure(report.data?.samples)} samples (${esc(report.data?.description ?? '')})</h3>`;
  const notes = (report.notes ?? []).map((n) => `<p class="note">${esc(n)}</p>`).join('');
  return `${head}${gates}${task}${(report.outputs ?? []).map((o) => outputPart(stage, o, drawn)).join('\n')}${notes}`;
}

/** Each `validation-report`: gates with margins, task metrics, and per output its error histogram and statistics. */
export function accuracySection(record: RunRecord, drawn: Set<string>): string {
  const parts = record.stages.flatMap((s) => outputsOfKind<ValidationReportView>(s, 'validation-report').map((o) => validation(s, o.meta, drawn)));
  return section('accuracy', 'Accuracy', parts.join('\n'));
}
