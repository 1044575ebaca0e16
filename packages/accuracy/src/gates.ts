import type { GateInput } from '@pipeline/sdk';
import type { OutputSummary } from './comparison.js';
import type { GateParams } from './config.js';
import { STATISTICS, type StatisticName } from './statistics.js';

/** Task metric results of both models, e.g. `{ top1_accuracy: 0.95 }`. */
export interface TaskResults {
  reference: Record<string, number>;
  candidate: Record<string, number>;
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(4));

/**
 * The tolerance check of each output as a gate: it passes when no sample fails (Polygraphy passes an
 * iteration only when every output matches). A failure names the output, the statistic, the worst
 * sample's values and the tolerances.
 */
export function toleranceGates(summaries: readonly OutputSummary[]): GateInput[] {
  return summaries.map((s) => {
    const { check } = s;
    const worst = s.worstCheck;
    const gate: GateInput = {
      name: `tolerance:${s.name}`,
      metric: `output:${s.name}.failed_samples`,
      value: s.failedSamples,
      op: '<=',
      bound: 0,
      details: { output: s.name, check: check.check, atol: check.atol, rtol: check.rtol, worst_sample: worst?.sample, failed_samples: s.failedSampleIds },
    };
    if (s.failedSamples > 0 && worst) {
      const what =
        check.check === 'elemwise'
          ? `${fmt(worst.abs)} element(s) outside atol=${check.atol} and rtol=${check.rtol} (${fmt(worst.rel * 100)} %)`
          : `${check.check} |a−b| = ${fmt(worst.abs)} > atol ${check.atol} and ${check.check} rel = ${fmt(worst.rel)} > rtol ${check.rtol}`;
      gate.message = `output '${s.name}': ${s.failedSamples} of ${s.samples} samples fail the ${check.check} check; worst sample '${worst.sample}': ${what}`;
    }
    return gate;
  });
}

/** The user's gates on statistics and task metrics. A statistic gate without an `output` yields one gate per output. */
export function userGates(gates: readonly GateParams[], summaries: readonly OutputSummary[], tasks: TaskResults): GateInput[] {
  const out: GateInput[] = [];
  for (const gate of gates) {
    if ('statistic' in gate) {
      const targets = gate.output === undefined ? summaries : summaries.filter((s) => s.name === gate.output);
      if (targets.length === 0) {
        out.push({ name: `${gate.statistic}:${gate.output}`, metric: `output:${gate.output}.${gate.statistic}`, value: Number.NaN, op: gate.op, bound: gate.bound, message: `gate on output '${gate.output}': the model has no such output (outputs: ${summaries.map((s) => s.name).join(', ')})` });
      }
      for (const s of targets) out.push(statisticGate(gate.statistic, gate.op, gate.bound, gate.over, s));
    } else if ('max_drop' in gate) {
      const ref = tasks.reference[gate.metric] ?? Number.NaN;
      const cand = tasks.candidate[gate.metric] ?? Number.NaN;
      const drop = ref - cand;
      const g: GateInput = { name: `${gate.metric}:drop`, metric: `task:${gate.metric}.drop`, value: drop, op: '<=', bound: gate.max_drop, details: { reference: ref, candidate: cand } };
      if (!(drop <= gate.max_drop)) {
        g.message = Number.isNaN(drop)
          ? `task metric ${gate.metric} was not computed (computed: ${Object.keys(tasks.candidate).join(', ') || 'none'}; is a labels file given?)`
          : `task metric ${gate.metric} dropped by ${fmt(drop)} (reference ${fmt(ref)} → candidate ${fmt(cand)}), allowed at most ${gate.max_drop}`;
      }
      out.push(g);
    } else {
      const value = tasks.candidate[gate.metric] ?? Number.NaN;
      const g: GateInput = { name: gate.metric, metric: `task:${gate.metric}`, value, op: gate.op, bound: gate.bound };
      if (Number.isNaN(value)) g.message = `task metric ${gate.metric} was not computed (computed: ${Object.keys(tasks.candidate).join(', ') || 'none'})`;
      else g.message = `task metric ${gate.metric} = ${fmt(value)} for the candidate, required ${gate.op} ${gate.bound}`;
      out.push(g);
    }
  }
  return out;
}

function statisticGate(statistic: StatisticName, op: GateInput['op'], bound: number, over: 'worst' | 'mean', s: OutputSummary): GateInput {
  const distribution = s.statistics[statistic];
  const value = distribution ? (over === 'worst' ? (distribution.worst?.value ?? Number.NaN) : distribution.mean) : Number.NaN;
  const worst = distribution?.worst;
  const gate: GateInput = {
    name: `${statistic}:${s.name}`,
    metric: `output:${s.name}.${statistic}`,
    value,
    op,
    bound,
    details: { output: s.name, over, worst_sample: worst?.sample, worst_value: worst?.value },
  };
  if (!distribution) {
    const hint = statistic.startsWith('top') ? '; set top_k for this output' : statistic.includes('_rel_') ? "; it needs check 'median' or 'quantile'" : '';
    gate.message = `output '${s.name}': ${statistic} was not computed${hint}`;
  } else {
    const where = over === 'worst' ? `worst sample '${worst?.sample}'` : `mean over ${distribution.count} samples, worst sample '${worst?.sample}' = ${fmt(worst?.value ?? Number.NaN)}`;
    const better = STATISTICS[statistic] === 'lower' ? 'lower is better' : 'higher is better';
    gate.message = `output '${s.name}': ${statistic} = ${fmt(value)} (${where}), required ${op} ${bound} (${better})`;
  }
  return gate;
}
