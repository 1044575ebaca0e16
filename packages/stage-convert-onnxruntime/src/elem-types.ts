import type { OnnxGraph, OnnxNode } from '@pipeline/onnx';
import { subgraphsOf } from '@pipeline/onnx';

/** ONNX TensorProto.DataType codes the conversion needs. */
export const FLOAT = 1;
export const FLOAT16 = 10;
const INT64 = 7;
const BOOL = 9;

const INT64_OUTPUT_OPS = new Set(['Shape', 'Size', 'NonZero', 'ArgMax', 'ArgMin', 'NonMaxSuppression']);
const BOOL_OUTPUT_OPS = new Set(['Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf']);

/**
 * Element types of a graph's values, known or inferred forward in node order: declared types first
 * (inputs, initializers, value_info, outputs, the outer scope's), then simple rules — Cast gives `to`,
 * Shape-like ops give int64, comparisons bool, TopK's indices int64, anything else the type of its first
 * typed input. Enough to tell float edges from integer ones; not a full shape inference.
 */
export function inferElemTypes(graph: OnnxGraph, outer: ReadonlyMap<string, number> = new Map()): Map<string, number> {
  const types = new Map(outer);
  const declare = (name: string, type: { kind: string; elemType?: number }) => {
    if (type.kind === 'tensor' && type.elemType !== undefined) types.set(name, type.elemType);
  };
  for (const v of [...graph.inputs, ...graph.valueInfo, ...graph.outputs]) declare(v.name, v.type as { kind: string; elemType?: number });
  for (const init of graph.initializers) types.set(init.name, init.dataType);
  for (const node of graph.nodes) {
    node.outputs.forEach((out, index) => {
      if (out === '' || types.has(out)) return;
      const t = outputType(node, index, types);
      if (t !== undefined) types.set(out, t);
    });
  }
  return types;
}

function outputType(node: OnnxNode, index: number, types: ReadonlyMap<string, number>): number | undefined {
  const attr = (name: string) => node.attributes.find((a) => a.name === name);
  switch (node.opType) {
    case 'Constant': {
      const value = attr('value');
      if (value?.type === 'tensor') return value.value.dataType;
      if (attr('value_float') || attr('value_floats')) return FLOAT;
      return INT64;
    }
    case 'ConstantOfShape': {
      const value = attr('value');
      return value?.type === 'tensor' ? value.value.dataType : FLOAT;
    }
    case 'Cast': {
      const to = attr('to');
      return to?.type === 'int' ? Number(to.value) : undefined;
    }
    case 'TopK':
      return index === 1 ? INT64 : types.get(node.inputs[0] ?? '');
  }
  if (INT64_OUTPUT_OPS.has(node.opType)) return INT64;
  if (BOOL_OUTPUT_OPS.has(node.opType)) return BOOL;
  for (const input of node.inputs) {
    const t = types.get(input);
    if (t !== undefined) return t;
  }
  return undefined;
}

/** Every value name a node reads, including those its subgraphs capture from the outer scope. */
export function namesReadBy(node: OnnxNode): Set<string> {
  const names = new Set(node.inputs.filter((n) => n !== ''));
  for (const { graph } of subgraphsOf(node)) for (const inner of graph.nodes) for (const n of namesReadBy(inner)) names.add(n);
  return names;
}
