import { formatG } from '@pipeline/benchmark';
import { StageFailedError } from '@pipeline/errors';
import type { BenchmarkReport, BenchmarkResult, Stability } from '@pipeline/kinds';
import { describeGate, evaluateGate, type GateInput, type Reporter, type StageLogger } from '@pipeline/sdk';
import type { BenchmarkParams } from './params.js';

/** What the gates say about the primary configuration, before anything is recorded. */
export interface GateJudgement {
  /** Gates to record (each with the sentence it shows when failed). */
  record: GateInput[];
  /** Gates left unjudged because the measurement did not stabilise (another gate failed beyond the noise). */
  undecided: GateInput[];
  /** Set when no gate could be decided: the stage errors with it (exit 3), the model is not blamed. */
  error?: StageFailedError;
}

/**
 * max/min of throughput and of mean latency over the windows the figures merge: how far apart the
 * measurement's own windows are, and so how far its figure may be from the model's.
 */
export function windowSpread(stability: Stability): number {
  const last = stability.windows.slice(-stability.compared);
  const ratio = (values: number[]) => (Math.min(...values) > 0 ? Math.max(...values) / Math.min(...values) : Number.POSITIVE_INFINITY);
  return Math.max(ratio(last.map((w) => w.inferences_per_s)), ratio(last.map((w) => w.mean_latency_ms)));
}

/** A gate that fails even when its figure is moved by the whole spread in its favour. */
function failsBeyondSpread(gate: GateInput, spread: number): boolean {
  if (gate.op === '<=') return gate.value / spread > gate.bound;
  if (gate.op === '>=') return gate.value * spread < gate.bound;
  return false;
}

function gateInputs(primary: BenchmarkResult, gates: BenchmarkParams['gates']): GateInput[] {
  const where = `batch ${primary.batch}, concurrency ${primary.concurrency}`;
  const details = { batch: primary.batch, concurrency: primary.concurrency, stable: primary.stability?.stable ?? null, timed_runs: primary.timed_runs };
  const inputs: GateInput[] = [];
  if (gates.max_p99_ms !== undefined) {
    const value = primary.latency.p99_ms ?? Number.NaN;
    const message = `p99 latency is ${formatG(value)} ms at ${where}, above max_p99_ms = ${formatG(gates.max_p99_ms)} ms`;
    inputs.push({ name: 'max_p99_ms', metric: 'latency.p99_ms', value, op: '<=', bound: gates.max_p99_ms, unit: 'ms', details, message });
  }
  if (gates.min_throughput !== undefined) {
    // Unknown samples/s (an imported result without a batch) cannot meet a bound: NaN leaves the gate undecided.
    const value = primary.throughput.samples_per_s ?? Number.NaN;
    const message = `throughput is ${formatG(value)} samples/s at ${where}, below min_throughput = ${formatG(gates.min_throughput)} samples/s`;
    inputs.push({ name: 'min_throughput', metric: 'throughput.samples_per_s', value, op: '>=', bound: gates.min_throughput, unit: 'samples/s', details, message });
  }
  return inputs;
}

/**
 * Judges the primary configuration against `max_p99_ms` and `min_throughput` (samples/s). When its
 * windows never agreed (`max-windows`) and `require_stable` is on, a figure cannot pass a gate: a gate
 * it misses by more than the windows' own spread still fails (the model is not good enough, exit 1);
 * otherwise nothing is decided and the judgement carries an error of the measurement (exit 3), as
 * perf_analyzer treats an unstable measurement as an error rather than a result.
 */
export function judgeBenchmarkGates(report: BenchmarkReport, gates: BenchmarkParams['gates']): GateJudgement {
  const primary = report.results[report.primary];
  if (!primary) return { record: [], undecided: [] };
  const inputs = gateInputs(primary, gates);
  const stability = primary.stability;
  if (!stability || stability.stable || stability.outcome === 'single-window' || inputs.length === 0) return { record: inputs, undecided: [] };
  if (!gates.require_stable) {
    return { record: inputs.map((g) => ({ ...g, message: `${g.message} (the measurement was not stable)` })), undecided: [] };
  }
  const spread = windowSpread(stability);
  // One decimal: the spread is a rough bound, and 10.04% must not read as the 10% tolerance.
  const spreadText = Number.isFinite(spread) ? `${formatG(Math.round((spread - 1) * 1000) / 10)}%` : 'an unbounded ratio (a window without throughput)';
  const decisive = inputs.filter((g) => failsBeyondSpread(g, spread));
  const undecided = inputs.filter((g) => !decisive.includes(g));
  if (decisive.length > 0) {
    const record = decisive.map((g) => ({ ...g, message: `${g.message}, by more than the ${spreadText} spread of its unstable windows` }));
    return { record, undecided };
  }
  const figures = inputs.map((g) => describeGate(g)).join('; ');
  const message =
    `the measurement at batch ${primary.batch}, concurrency ${primary.concurrency} did not stabilise within ${stability.outcome === 'budget' ? `its time budget (budget_ms, ${stability.windows.length} windows)` : `max_windows = ${stability.windows.length}`} ` +
    `(the last ${stability.compared} windows differ by up to ${spreadText} in throughput or mean latency; tolerance ${formatG(stability.tolerance_pct)}%), ` +
    `so its gates cannot be decided (${figures})`;
  const error = new StageFailedError('E_BENCHMARK_UNSTABLE', message, {
    hint: 'lengthen the windows (stability.window_ms), use fewer threads (threads.intra_op), or run on a quieter machine; `retries:` measures again, and gates.require_stable: false judges unstable figures anyway',
    // Noise on a busy machine passes: a later attempt may stabilise.
    transient: true,
  });
  return { record: [], undecided, error };
}

/**
 * Records the gates of `judgeBenchmarkGates` and returns whether each passed; throws its error when the
 * measurement left every gate undecided. A passing gate keeps the reporter's default wording.
 */
export function gateBenchmark(
  report: BenchmarkReport,
  gates: BenchmarkParams['gates'],
  reporter: Pick<Reporter, 'gate'>,
  log?: Pick<StageLogger, 'warn'>,
): boolean[] {
  const judgement = judgeBenchmarkGates(report, gates);
  if (judgement.error) throw judgement.error;
  for (const gate of judgement.undecided) log?.warn(`gate ${gate.name} not judged: the measurement did not stabilise, and another gate failed beyond its noise`);
  return judgement.record.map((gate) => {
    const { message, ...rest } = gate;
    return reporter.gate(evaluateGate(rest).passed ? rest : gate);
  });
}
