import { type ModelInspection, modelInspectionSchema } from '@pipeline/kinds';
import { describe, expect, it } from 'vitest';
import { renderModelCard } from './render.js';
import { MODEL_CARD_SECTIONS, readModelCardSection } from './sections.js';

/** A small inspection, checked by the kind's schema so the fixture cannot drift from the real shape. */
const inspection: ModelInspection = modelInspectionSchema.parse({
  schemaVersion: 1,
  model: { file: 'det.onnx', fileSize: 2_500_000, irVersion: 8, producer: { name: 'paddle2onnx', version: '1.0' }, domain: '', modelVersion: 0, docString: '', opsets: { 'ai.onnx': 14 }, metadata: {} },
  io: {
    inputs: [{ name: 'x', kind: 'tensor', dtype: 'float32', shape: ['batch', 3, null, 640], dynamicAxes: [0, 2] }],
    outputs: [{ name: 'y', kind: 'tensor', dtype: 'float32', shape: [], dynamicAxes: [] }],
    symbols: { batch: ['x'] },
    batchDim: { verdict: 'static', reason: 'the output has no batch dim' },
  },
  graph: { nodeCount: 12, mainGraphNodeCount: 10, subgraphCount: 1, maxSubgraphDepth: 1, functionCount: 0, domains: ['ai.onnx'], ops: [{ domain: 'ai.onnx', opType: 'Conv', count: 12 }] },
  parameters: { count: 1_234_567, bytes: 4_938_268, initializers: { tensors: 3, count: 1_234_567, bytes: 4_938_268 }, constants: { tensors: 0, count: 0, bytes: 0 }, byDtype: {} },
  externalData: { files: [{ path: 'det.bin', bytes: 4_000_000_000 }], tensors: 3 },
  lint: {
    tensorrt: '10.x',
    operatorTable: { source: 'https://example.invalid/operators.md', commit: 'abc' },
    findings: [{ code: 'TRT_DYNAMIC_SHAPE', severity: 'warning', message: 'x has dynamic dims | batch', nodes: ['x'], nodeCount: 1, hint: 'give a profile\nper input' }],
    counts: { error: 0, warning: 1, info: 0 },
    suggestedProfiles: [],
  },
});

describe('renderModelCard', () => {
  const card = renderModelCard(inspection);
  const lines = card.split('\n');

  it('has the sections in reading order, each fillable section with its placeholder between markers', () => {
    const headings = lines.filter((l) => l.startsWith('#'));
    expect(headings).toEqual(['# Model card: det.onnx', '## Model', '## Inputs and outputs', '## TensorRT 10.x compatibility', '## Accuracy', '## Performance', '## Deployment']);
    for (const section of MODEL_CARD_SECTIONS) expect(readModelCardSection(card, section)).toMatch(/^_Not measured yet: the .+ stage fills this section\._$/);
  });

  it('lists IO with shapes and dynamic axes, sizes in decimal units, and external data', () => {
    expect(lines).toContain('| input | `x` | float32 | [batch, 3, ?, 640] | 0, 2 |');
    expect(lines).toContain('| output | `y` | float32 | scalar | — |');
    expect(lines).toContain('- File size: 2.5 MB, plus external data `det.bin` (4.0 GB)');
    expect(lines).toContain('- Parameters: 1.23M (4.9 MB; 3 initializers, 0 Constant nodes)');
  });

  it('keeps each finding on one table row: pipes escaped, newlines flattened', () => {
    expect(lines).toContain('| warning | `TRT_DYNAMIC_SHAPE` | x has dynamic dims \\| batch | give a profile per input |');
  });
});
