import { renderBars, type TextOptions } from '@pipeline/charts';
import type { ModelInspection } from '@pipeline/kinds';
import { formatInspectionSummary } from '@pipeline/inspect';

/** Op types drawn as bars; the rest are counted in one line. */
const TOP_OPS = 12;

/** The op histogram: the most used op types as bars (the charts' one bar renderer), the rest summed. */
export function opHistogramLines(ops: ModelInspection['graph']['ops'], text: TextOptions): string[] {
  const label = (o: { domain: string; opType: string }) => (o.domain === 'ai.onnx' ? o.opType : `${o.domain}.${o.opType}`);
  const lines = renderBars(
    ops.slice(0, TOP_OPS).map((o) => ({ label: label(o), value: o.count })),
    text,
  );
  const rest = ops.slice(TOP_OPS);
  if (rest.length) lines.push(`${text.unicode ? '…' : '...'} ${rest.length} more op types, ${rest.reduce((s, o) => s + o.count, 0)} nodes`);
  return lines;
}

/**
 * `pipeline inspect`'s human output: the inspect stage's summary with its op histogram drawn by
 * @pipeline/charts. Asked for no bars (`topOps: 0`), the stage's formatter leaves one
 * `… N more op types, M nodes` line where the histogram goes; that line is replaced by the chart.
 */
export function inspectionSummaryText(inspection: ModelInspection, text: TextOptions): string {
  const summary = formatInspectionSummary(inspection, { topOps: 0 });
  const placeholder = /^…\s+\d+ more op types, \d+ nodes$/m;
  return summary.replace(placeholder, () => opHistogramLines(inspection.graph.ops, text).join('\n'));
}
