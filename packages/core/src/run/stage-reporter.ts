import { type ChartData, evaluateGate, type GateInput, type GateRecord, type MetricRecord, type Reporter } from '@pipeline/sdk';

/** Collects what a stage reports (metrics, gates, charts, summary) for run.json. */
export class CollectingReporter implements Reporter {
  readonly metrics: MetricRecord[] = [];
  readonly gates: GateRecord[] = [];
  readonly charts: ChartData[] = [];
  summaryText: string | undefined;

  metric(name: string, value: number, options: { unit?: string; better?: 'lower' | 'higher' } = {}): void {
    const record: MetricRecord = { name, value };
    if (options.unit !== undefined) record.unit = options.unit;
    if (options.better !== undefined) record.better = options.better;
    this.metrics.push(record);
  }

  gate(gate: GateInput): boolean {
    const record = evaluateGate(gate);
    this.gates.push(record);
    return record.passed;
  }

  chart(chart: ChartData): void {
    this.charts.push(chart);
  }

  summary(markdown: string): void {
    this.summaryText = markdown;
  }

  /** Starts over for a retry, so a failed attempt's figures do not mix with the next one's. */
  reset(): void {
    this.metrics.length = 0;
    this.gates.length = 0;
    this.charts.length = 0;
    this.summaryText = undefined;
  }
}
