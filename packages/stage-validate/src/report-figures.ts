import { STATISTICS, type StatisticName } from '@pipeline/accuracy';
import type { ValidationReport } from '@pipeline/kinds';
import type { Reporter } from '@pipeline/sdk';

/** A chart axis without an `unit: undefined` key (the SDK's type has exact optional properties). */
function axis(a: { label: string; unit?: string | undefined }): { label: string; unit?: string } {
  return a.unit === undefined ? { label: a.label } : { label: a.label, unit: a.unit };
}

/** Headline figures as metrics (worst sample per statistic, task metrics) and each error histogram as a chart. */
export function reportFigures(report: ValidationReport, reporter: Pick<Reporter, 'metric' | 'chart'>): void {
  for (const output of report.outputs) {
    for (const [name, d] of Object.entries(output.statistics)) {
      const value = d.worst?.value;
      if (typeof value !== 'number') continue;
      reporter.metric(`${output.name}.${name}.worst`, value, { better: STATISTICS[name as StatisticName] ?? 'lower' });
    }
    const { x, y, ...chart } = output.error_histogram;
    reporter.chart({ ...chart, x: axis(x), y: axis(y) });
  }
  // The reference against the data set's expected outputs: headline figures only (its histogram would
  // share the candidate comparison's chart id).
  for (const output of report.reference_vs_expected?.outputs ?? []) {
    for (const [name, d] of Object.entries(output.statistics)) {
      const value = d.worst?.value;
      if (typeof value === 'number') reporter.metric(`expected.${output.name}.${name}.worst`, value, { better: STATISTICS[name as StatisticName] ?? 'lower' });
    }
  }
  if (report.task_metrics) {
    for (const [side, values] of [
      ['reference', report.task_metrics.reference],
      ['candidate', report.task_metrics.candidate],
    ] as const) {
      for (const [name, value] of Object.entries(values)) if (typeof value === 'number') reporter.metric(`task.${name}.${side}`, value, { better: 'higher' });
    }
  }
}
