import type { ModelInspection } from '@pipeline/kinds';
import { formatBytes, formatCount, formatShape } from '@pipeline/model-card';

export interface SummaryOptions {
  /** Op types shown in the histogram; the rest are summed in one line. Default 12. */
  topOps?: number;
  /** Width of the longest bar. Default 30. */
  barWidth?: number;
}

/** A terminal summary of an inspection: facts, an IO table, the op histogram as bars, and the findings. */
export function formatInspectionSummary(inspection: ModelInspection, options: SummaryOptions = {}): string {
  const { model, io, graph, parameters, lint } = inspection;
  const topOps = options.topOps ?? 12;
  const barWidth = options.barWidth ?? 30;
  const lines: string[] = [];
  const producer = model.producer.name ? `${model.producer.name} ${model.producer.version}`.trim() : 'unknown producer';
  lines.push(`${model.file}  ${formatBytes(model.fileSize)}  ${producer}  IR ${model.irVersion}  opsets ${Object.entries(model.opsets).map(([d, v]) => `${d}:${v}`).join(' ')}`);
  lines.push(`${graph.nodeCount} nodes (${graph.subgraphCount} subgraphs), ${formatCount(parameters.count)} parameters in ${formatBytes(parameters.bytes)} (${parameters.initializers.tensors} initializers, ${parameters.constants.tensors} Constant nodes)`);
  if (inspection.externalData.files.length) lines.push(`external data: ${inspection.externalData.files.map((f) => `${f.path} (${formatBytes(f.bytes)})`).join(', ')}`);
  lines.push('');
  const rows = [
    ['', 'name', 'type', 'shape'],
    ...io.inputs.map((v) => ['in', v.name, v.dtype, formatShape(v)]),
    ...io.outputs.map((v) => ['out', v.name, v.dtype, formatShape(v)]),
  ];
  lines.push(...table(rows));
  lines.push(`batch dim: ${io.batchDim.verdict} (${io.batchDim.reason})`, '');

  const shown = graph.ops.slice(0, topOps);
  const most = shown[0]?.count ?? 1;
  const label = (o: { domain: string; opType: string }) => (o.domain === 'ai.onnx' ? o.opType : `${o.domain}.${o.opType}`);
  const labelWidth = Math.max(0, ...shown.map((o) => label(o).length));
  for (const o of shown) {
    const bar = '█'.repeat(Math.max(1, Math.round((o.count / most) * barWidth)));
    lines.push(`${label(o).padEnd(labelWidth)}  ${bar} ${o.count}`);
  }
  const rest = graph.ops.slice(topOps);
  if (rest.length) lines.push(`${'…'.padEnd(labelWidth)}  ${rest.length} more op types, ${rest.reduce((s, o) => s + o.count, 0)} nodes`);
  lines.push('');

  lines.push(`TensorRT ${lint.tensorrt}: ${lint.counts.error} error(s), ${lint.counts.warning} warning(s), ${lint.counts.info} note(s)`);
  for (const f of lint.findings) {
    lines.push(`  ${f.severity.padEnd(7)} ${f.code}  ${f.message}`);
    lines.push(`          hint: ${f.hint}`);
  }
  return `${lines.join('\n')}\n`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}
