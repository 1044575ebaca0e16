import { formatNumber } from '@pipeline/charts';
import type { RunRecord, StageRecord } from '@pipeline/reports';
import { esc } from './escape.js';
import { section, table } from './format.js';

type Gate = StageRecord['gates'][number];

/**
 * How far a gate's value is from its bound, on the passing side when positive: for `<=` the room left
 * under the bound, for `>=` the amount above it; also as a percentage of the bound.
 */
export function gateMargin(gate: Gate): { margin: number; pct: number | undefined } {
  const margin = gate.op === '<=' || gate.op === '<' ? gate.bound - gate.value : gate.op === '==' ? -Math.abs(gate.value - gate.bound) : gate.value - gate.bound;
  return { margin, pct: gate.bound === 0 ? undefined : (margin / Math.abs(gate.bound)) * 100 };
}

/** Every gate of the run with value, bound and margin; failed ones first, marked. */
export function gatesSection(record: RunRecord): string {
  const gates = record.stages.flatMap((s) => s.gates.map((g) => ({ stage: s.id, gate: g })));
  gates.sort((a, b) => Number(a.gate.passed) - Number(b.gate.passed));
  const unit = (g: Gate) => (g.unit ? ` ${esc(g.unit)}` : '');
  const rows = gates.map(({ stage, gate }) => {
    const { margin, pct } = gateMargin(gate);
    return [
      gate.passed ? '<span class="pass">passed</span>' : '<span class="fail">FAILED</span>',
      `<code>${esc(stage)}</code>`,
      esc(gate.name),
      esc(gate.metric),
      `${esc(formatNumber(gate.value))}${unit(gate)}`,
      `${esc(gate.op)} ${esc(formatNumber(gate.bound))}${unit(gate)}`,
      `${esc(formatNumber(margin, 4))}${unit(gate)}${pct === undefined ? '' : ` (${esc(formatNumber(pct, 3))}%)`}`,
      esc(gate.message ?? ''),
    ];
  });
  return section('gates', 'Gates', table(['', 'stage', 'gate', 'metric', 'value', 'required', 'margin', 'message'], rows, ' class="gates"'));
}
