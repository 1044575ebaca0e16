import type { ModelInspection } from '@pipeline/kinds';
import { formatBytes, formatCount, formatShape } from './format.js';
import { type ModelCardSection, sectionMarkers } from './sections.js';

/** MODEL_CARD.md: what the model is, its IO and dynamic dims, the lint findings, and sections to fill later. */
export function renderModelCard(inspection: ModelInspection): string {
  const { model, io, graph, parameters, lint } = inspection;
  const producer = model.producer.name ? `${model.producer.name} ${model.producer.version}`.trim() : 'unknown (the file does not say)';
  const opsets = Object.entries(model.opsets).map(([d, v]) => `${d} ${v}`).join(', ');
  const ioRow = (kind: string) => (v: ModelInspection['io']['inputs'][number]) => `| ${kind} | \`${v.name}\` | ${v.dtype} | ${formatShape(v)} | ${v.dynamicAxes.length ? v.dynamicAxes.join(', ') : '—'} |`;
  const findings = lint.findings.length
    ? ['| Severity | Code | Finding | Fix |', '|---|---|---|---|', ...lint.findings.map((f) => `| ${f.severity} | \`${f.code}\` | ${escapeCell(f.message)} | ${escapeCell(f.hint)} |`)]
    : ['No findings: the TensorRT ONNX parser should accept this model as it is.'];
  const placeholder = (id: ModelCardSection, title: string, who: string) => [`## ${title}`, '', sectionMarkers(id).open, `_Not measured yet: the ${who} stage fills this section._`, sectionMarkers(id).close, ''];
  return [
    `# Model card: ${model.file}`,
    '',
    '## Model',
    '',
    `- Producer: ${producer}`,
    `- ONNX IR version ${model.irVersion}; opsets: ${opsets}`,
    `- File size: ${formatBytes(model.fileSize)}${inspection.externalData.files.length ? `, plus external data ${inspection.externalData.files.map((f) => `\`${f.path}\` (${formatBytes(f.bytes)})`).join(', ')}` : ''}`,
    `- Parameters: ${formatCount(parameters.count)} (${formatBytes(parameters.bytes)}; ${parameters.initializers.tensors} initializers, ${parameters.constants.tensors} Constant nodes)`,
    `- Nodes: ${graph.nodeCount} (${graph.mainGraphNodeCount} in the main graph, ${graph.subgraphCount} subgraphs), ${graph.ops.length} op types; domains: ${graph.domains.join(', ')}`,
    '',
    '## Inputs and outputs',
    '',
    '| | Name | Type | Shape | Dynamic axes |',
    '|---|---|---|---|---|',
    ...io.inputs.map(ioRow('input')),
    ...io.outputs.map(ioRow('output')),
    '',
    `Batch dimension: **${io.batchDim.verdict}** — ${io.batchDim.reason}.`,
    '',
    `## TensorRT ${lint.tensorrt} compatibility`,
    '',
    `${lint.counts.error} error(s), ${lint.counts.warning} warning(s), ${lint.counts.info} note(s). Operator table: ${lint.operatorTable.source}.`,
    '',
    ...findings,
    '',
    ...placeholder('accuracy', 'Accuracy', 'validate'),
    ...placeholder('performance', 'Performance', 'benchmark'),
    ...placeholder('deployment', 'Deployment', 'package/deploy'),
  ].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
