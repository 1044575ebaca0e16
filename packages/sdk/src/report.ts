import { formatNumber } from '@pipeline/charts/format-number';
import { z } from 'zod';

/** Comparison a gate applies: `value op bound` must hold for the gate to pass. */
export type GateOperator = '<=' | '<' | '>=' | '>' | '==';

export interface GateInput {
  /** Stable name, e.g. `max_p99_ms` or `accuracy.elemwise`. */
  name: string;
  /** The metric it judges, e.g. `latency.p99_ms` or `output:logits.max_abs_error`. */
  metric: string;
  value: number;
  op: GateOperator;
  bound: number;
  unit?: string;
  /** What a reader needs when it fails: the output, the worst sample, … */
  details?: Record<string, unknown>;
  /** A sentence for a failed gate; the runner builds one from the fields when absent. */
  message?: string;
}

export interface GateRecord extends GateInput {
  passed: boolean;
}

export interface MetricRecord {
  name: string;
  value: number;
  unit?: string;
  /** Which way is better, so reports and `compare` can colour a change. */
  better?: 'lower' | 'higher';
}

/** Data for a chart that reports draw (terminal sparkline, Markdown, HTML). */
export interface ChartData {
  id: string;
  title: string;
  type: 'line' | 'bar' | 'histogram';
  x: { label: string; unit?: string | undefined };
  y: { label: string; unit?: string | undefined };
  series: { name: string; points: [number, number][] }[];
}

/** The zod schema of `ChartData`, for the files that hold charts (run.json's `charts[]`, reports). */
export const chartDataSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    title: z.string(),
    type: z.enum(['line', 'bar', 'histogram']),
    x: z.object({ label: z.string(), unit: z.string().optional() }),
    y: z.object({ label: z.string(), unit: z.string().optional() }),
    series: z.array(z.object({ name: z.string(), points: z.array(z.tuple([z.number(), z.number()])) })),
  }),
);

// The interface is what stages read and write, the schema what checks files; a type that compiles
// only while the two describe the same chart keeps them from parting.
// biome-ignore lint/correctness/noUnusedVariables: a compile-time assertion, never referenced.
type ChartDataMatchesSchema = Assert<Equal<z.infer<typeof chartDataSchema>, ChartData>>;
type Assert<T extends true> = T;
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** What a stage says about its result beyond its artifacts; it lands in run.json. */
export interface Reporter {
  metric(name: string, value: number, options?: { unit?: string; better?: 'lower' | 'higher' }): void;
  /** Records a gate and returns whether it passed; a failed gate fails the stage (exit 1). */
  gate(gate: GateInput): boolean;
  chart(chart: ChartData): void;
  /** A short human summary (Markdown) shown in the terminal and the step summary. */
  summary(markdown: string): void;
}

export function evaluateGate(gate: GateInput): GateRecord {
  const { value, bound } = gate;
  let passed: boolean;
  switch (gate.op) {
    case '<=':
      passed = value <= bound;
      break;
    case '<':
      passed = value < bound;
      break;
    case '>=':
      passed = value >= bound;
      break;
    case '>':
      passed = value > bound;
      break;
    case '==':
      passed = value === bound;
      break;
  }
  // NaN never passes: a metric that could not be computed must not satisfy a bound.
  if (Number.isNaN(value)) passed = false;
  return { ...gate, passed };
}

/** What `describeGate` reads of a gate: a `GateInput`, a `GateRecord` or a gate of run.json. */
export interface GateFigures {
  name: string;
  metric: string;
  value: number;
  op: GateOperator;
  bound: number;
  unit?: string | undefined;
}

/**
 * `max_p99_ms: latency.p99_ms = 3.2 ms, required <= 0.001 ms` — the one sentence of a gate's figures,
 * wherever a gate is shown (the stage log, run.json's error of a failed stage, the terminal report,
 * JUnit, model cards, an undecided benchmark). The unit on both sides; numbers to 6 significant digits
 * as `%g` prints them (trtexec prints its figures so): the exact numbers stay in run.json. It never
 * says whether the gate passed nor adds the gate's `message`: callers put those around it.
 */
export function describeGate(gate: GateFigures): string {
  const unit = gate.unit ? ` ${gate.unit}` : '';
  return `${gate.name}: ${gate.metric} = ${formatNumber(gate.value)}${unit}, required ${gate.op} ${formatNumber(gate.bound)}${unit}`;
}
