import type { RunRecord } from '@pipeline/reports';
import { esc } from './escape.js';
import { bytes, figure, figureOf, section, table } from './format.js';
import { type InspectionView, outputsOfKind } from './report-data.js';
import { renderSvgChart } from './svg-chart.js';

const shapeText = (shape: unknown[] | undefined) => (shape ? `[${shape.map((d) => esc(d)).join(', ')}]` : '—');

function inspection(stageId: string, view: InspectionView): string {
  const m = view.model ?? {};
  const facts = table(
    ['model', 'size', 'IR', 'opsets', 'producer', 'nodes', 'parameters'],
    [
      [
        esc(m.file ?? ''),
        bytes(m.fileSize),
        figure(m.irVersion),
        esc(Object.entries(m.opsets ?? {}).map(([d, v]) => `${d || 'ai.onnx'} ${v}`).join(', ')),
        esc(`${m.producer?.name ?? ''} ${m.producer?.version ?? ''}`.trim()),
        figure(view.graph?.nodeCount),
        `${figure(view.parameters?.count)} (${bytes(view.parameters?.bytes)})`,
      ],
    ],
  );
  const io = [...(view.io?.inputs ?? []).map((v) => ['input', v] as const), ...(view.io?.outputs ?? []).map((v) => ['output', v] as const)];
  const ioTable = table(['', 'name', 'type', 'shape'], io.map(([side, v]) => [side, `<code>${esc(v.name ?? '')}</code>`, esc(v.dtype ?? ''), shapeText(v.shape)]));
  const ops = (view.graph?.ops ?? []).slice(0, 15);
  const opChart = ops.length
    ? figureOf(
        renderSvgChart(
          {
            grid: { left: 56, right: 16, top: 16, bottom: 72 },
            xAxis: { type: 'category', data: ops.map((o) => o.opType ?? '?'), axisLabel: { rotate: 35, interval: 0 } },
            yAxis: { type: 'value', min: 0, name: 'nodes', nameLocation: 'middle', nameGap: 40 },
            series: [{ type: 'bar', name: 'nodes', data: ops.map((o) => o.count ?? 0) }],
          },
          { width: 640, height: 260 },
        ),
        { chart: `${stageId}.ops`, stage: stageId, title: 'Most frequent ops' },
      )
    : '';
  const findings = view.lint?.findings ?? [];
  const lint = findings.length
    ? `<h4>TensorRT ${esc(view.lint?.tensorrt ?? '')} lint: ${findings.length} finding${findings.length === 1 ? '' : 's'}</h4>${table(
        ['severity', 'code', 'message', 'nodes', 'hint'],
        findings.map((f) => [`<span class="sev-${esc(f.severity ?? 'info')}">${esc(f.severity ?? '')}</span>`, `<code>${esc(f.code ?? '')}</code>`, esc(f.message ?? ''), esc([...(f.nodes ?? []).slice(0, 5), ...((f.nodeCount ?? 0) > 5 ? [`… ${f.nodeCount} in all`] : [])].join(', ')), esc(f.hint ?? '')]),
      )}`
    : '<p>No TensorRT lint findings.</p>';
  return `<h3><code>${esc(stageId)}</code></h3>${facts}${ioTable}${opChart}${lint}`;
}

/** Each `model-inspection` output: the model's facts, IO, its most frequent ops, and the lint findings. */
export function inspectSection(record: RunRecord): string {
  const parts = record.stages.flatMap((s) => outputsOfKind<InspectionView>(s, 'model-inspection').map((o) => inspection(s.id, o.meta)));
  return section('inspect', 'Model', parts.join('\n'));
}
