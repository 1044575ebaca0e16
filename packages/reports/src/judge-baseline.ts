import { formatNumber } from '@pipeline/charts';
import { type ComparedFigure, compareRuns } from './compare-runs.js';
import { deltaText } from './compare-text.js';
import type { BaselineCheck, BaselineRecord, RunRecord } from './run-record.js';

/** One `baseline:` threshold: a stage's metric and how far it may move from the baseline's figure. */
export interface BaselineThreshold {
  stage: string;
  metric: string;
  max_increase_pct?: number | undefined;
  max_drop_pct?: number | undefined;
  max_increase?: number | undefined;
  max_drop?: number | undefined;
}

/**
 * The metric a stage reports for the run-to-run spread of its own measurement, in percent (a benchmark's
 * stability windows). A change no larger than it is noise, not a regression. Generic: any stage may report it.
 */
export const SPREAD_METRIC = 'stability.spread_pct';

const LIMITS = ['max_increase_pct', 'max_drop_pct', 'max_increase', 'max_drop'] as const;

/** The limits a figure's change passes beyond, as `max_increase_pct 5` texts. */
function breachedLimits(t: BaselineThreshold, f: ComparedFigure & { delta: number }): string[] {
  const pct = f.deltaPct ?? (f.delta === 0 ? 0 : Math.sign(f.delta) * Number.POSITIVE_INFINITY);
  const moved = { max_increase_pct: pct, max_drop_pct: -pct, max_increase: f.delta, max_drop: -f.delta };
  return LIMITS.filter((name) => t[name] !== undefined && moved[name] > (t[name] as number)).map((name) => `${name} ${t[name]}`);
}

const figureText = (v: number, unit: string | undefined) => `${formatNumber(v, 4)}${unit ? ` ${unit}` : ''}`;

/** The larger spread either run measured for the stage (percent), when one did. */
function spreadOf(baseline: RunRecord, current: RunRecord, stage: string): number | undefined {
  const spreads = [baseline, current]
    .map((r) => r.stages.find((s) => s.id === stage)?.metrics.find((m) => m.name === SPREAD_METRIC)?.value)
    .filter((v): v is number => v !== undefined && Number.isFinite(v));
  return spreads.length > 0 ? Math.max(...spreads) : undefined;
}

/** One threshold judged: `ok`, `regression` (a breach), `within-noise` (a breach inside the spread) or `missing`. */
function judge(t: BaselineThreshold, figures: ComparedFigure[], baseline: RunRecord, current: RunRecord): BaselineCheck {
  const f = figures.find((x) => x.stage === t.stage && x.name === t.metric);
  const limits = LIMITS.filter((name) => t[name] !== undefined).map((name) => `${name} ${t[name]}`);
  const where = `${t.stage} ${t.metric}`;
  if (f?.a === undefined || f.b === undefined || f.delta === undefined) {
    const side = f?.a === undefined ? 'the baseline run' : 'this run';
    return { stage: t.stage, metric: t.metric, baseline: f?.a, current: f?.b, limits, verdict: 'missing', message: `${where}: not recorded by ${side}, so it cannot be compared` };
  }
  const figures2 = `${figureText(f.a, f.unit)} in the baseline, ${figureText(f.b, f.unit)} now (${deltaText(f)})`;
  const base = { stage: t.stage, metric: t.metric, unit: f.unit, baseline: f.a, current: f.b, delta: f.delta, deltaPct: f.deltaPct, limits };
  const breached = breachedLimits(t, { ...f, delta: f.delta });
  if (breached.length === 0) return { ...base, verdict: 'ok', message: `${where}: ${figures2}, within ${limits.join(', ')}` };
  const spreadPct = spreadOf(baseline, current, t.stage);
  if (spreadPct !== undefined && f.deltaPct !== undefined && Math.abs(f.deltaPct) <= spreadPct) {
    return { ...base, spreadPct, verdict: 'within-noise', message: `${where}: ${figures2}, beyond ${breached.join(', ')} but inside the measured run-to-run spread of ${formatNumber(spreadPct, 3)}%: within noise` };
  }
  const noise = spreadPct === undefined ? '' : ` and beyond the measured run-to-run spread of ${formatNumber(spreadPct, 3)}%`;
  return { ...base, ...(spreadPct === undefined ? {} : { spreadPct }), verdict: 'regression', message: `${where}: ${figures2}, beyond ${breached.join(', ')}${noise}: a regression` };
}

/**
 * The `baseline:` comparison of a finished run: each threshold's metric in the baseline run and in this
 * one, through `compareRuns`'s figures (driven only by stage ids and metric names). `run` is the baseline
 * file as the pipeline names it.
 */
export function judgeBaseline(run: string, baseline: RunRecord, current: RunRecord, thresholds: readonly BaselineThreshold[]): BaselineRecord {
  const { figures } = compareRuns(baseline, current);
  return { run, runId: baseline.runId, checks: thresholds.map((t) => judge(t, figures, baseline, current)) };
}

/** A check that fails the run: a regression, or a figure that could not be compared. */
export const baselineCheckFails = (c: BaselineCheck): boolean => c.verdict === 'regression' || c.verdict === 'missing';
