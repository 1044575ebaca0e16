import type { IoSpec, ShapeProfile } from '@pipeline/kinds';
import { type OnnxGraph, type OnnxModel, walkNodes } from '@pipeline/onnx';

type Range = { min: number; opt: number; max: number; source: string };

// Ops whose inputs broadcast against each other: a constant operand with a dim > 1 fixes the input's dim.
const BROADCAST_OPS = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Where', 'Equal', 'Less', 'Greater', 'PRelu']);
// metadata_props keys that exporters use for an input size (a number, or `HxW`).
const SIZE_KEY = /^(?:image|img|input)[_-]?(?:size|shape|height|width|h|w)$|^(?:height|width)$/i;

const roundUp32 = (n: number) => Math.max(32, Math.ceil(n / 32) * 32);

/** Static dims of constants in the main graph (initializers and Constant outputs), by tensor name. */
function constantShapes(graph: OnnxGraph): Map<string, number[]> {
  const shapes = new Map<string, number[]>(graph.initializers.map((t) => [t.name, t.dims]));
  for (const node of graph.nodes) {
    const value = node.opType === 'Constant' ? node.attributes.find((a) => a.name === 'value') : undefined;
    if (value?.type === 'tensor' && node.outputs[0]) shapes.set(node.outputs[0], value.value.dims);
  }
  return shapes;
}

/**
 * A size the model itself fixes for `input`'s `axis`: its own entry in value_info, or a direct consumer
 * whose constant operand forces the dim (MatMul's K, a broadcast against a constant of the same rank).
 */
function staticFromModel(model: OnnxModel, input: IoSpec, axis: number, constants: Map<string, number[]>): Range | undefined {
  const rank = input.shape?.length ?? 0;
  const info = model.graph.valueInfo.find((v) => v.name === input.name);
  const declared = info?.type.kind === 'tensor' ? info.type.shape?.[axis] : undefined;
  if (typeof declared === 'number' && declared > 0) return { min: declared, opt: declared, max: declared, source: 'from value_info' };
  for (const node of model.graph.nodes) {
    const at = node.inputs.indexOf(input.name);
    if (at < 0) continue;
    if ((node.opType === 'MatMul' || node.opType === 'Gemm') && at === 0 && axis === rank - 1) {
      const w = constants.get(node.inputs[1] ?? '');
      const transB = node.attributes.some((a) => a.name === 'transB' && a.type === 'int' && a.value === 1n);
      const k = w && w.length >= 2 ? w[transB ? w.length - 1 : w.length - 2] : undefined;
      if (k !== undefined && k > 0) return { min: k, opt: k, max: k, source: `from ${node.opType} ${node.name || node.outputs[0]} (weight ${node.inputs[1]})` };
    }
    if (BROADCAST_OPS.has(node.opType)) {
      for (const other of node.inputs) {
        const c = other === input.name ? undefined : constants.get(other);
        const d = c && c.length === rank ? c[axis] : undefined;
        if (d !== undefined && d > 1) return { min: d, opt: d, max: d, source: `from ${node.opType} ${node.name || node.outputs[0]} with constant ${other}` };
      }
    }
  }
  return undefined;
}

/** A numeric input size in metadata_props (`image_size: 640`, `input_shape: 3x224x224`), if any. */
function sizeFromMetadata(model: OnnxModel): { size: number; key: string } | undefined {
  for (const [key, value] of Object.entries(model.metadataProps)) {
    if (!SIZE_KEY.test(key)) continue;
    const size = Number(/(\d+)\D*$/.exec(value)?.[1]);
    if (size > 0) return { size, key };
  }
  return undefined;
}

/**
 * Starting min/opt/max shapes for each input with dynamic dims, from what the model tells, each dim
 * labelled with where it came from (`sources`). In order: a size the model fixes (value_info, a
 * constant operand of a consumer), a symbolic name already ranged on an earlier input (same name →
 * same range), the batch dim (1/1/32), image-like spatial dims (NCHW with C = 1 or 3; multiples of
 * 32 when the model has convolutions, opt from metadata_props or a static sibling), integer sequence
 * ids (1/128/512), else a stated default (1/64/512). The model cannot know the real range: these
 * are starting points, and the labels say which ones are guesses.
 */
export function suggestProfiles(model: OnnxModel, inputs: IoSpec[]): ShapeProfile[] {
  const constants = constantShapes(model.graph);
  const cnn = walkNodes(model).some(({ node }) => node.opType === 'Conv' || node.opType === 'ConvTranspose');
  const metadata = sizeFromMetadata(model);
  const bySymbol = new Map<string, Range & { input: string }>();
  const profiles: ShapeProfile[] = [];
  for (const input of inputs) {
    const shape = input.shape;
    if (!shape || input.dynamicAxes.length === 0) continue;
    const channels = shape[1];
    const imageLike = shape.length === 4 && (channels === 1 || channels === 3);
    const ranges = shape.map((dim, axis): Range => {
      if (typeof dim === 'number') return { min: dim, opt: dim, max: dim, source: 'static' };
      const fixed = staticFromModel(model, input, axis, constants);
      if (fixed) return fixed;
      const shared = typeof dim === 'string' ? bySymbol.get(dim) : undefined;
      if (shared) return { ...shared, source: `shared with input ${shared.input} (${dim})` };
      if (axis === 0) return { min: 1, opt: 1, max: 32, source: 'batch dim (default)' };
      if (imageLike && axis >= 2) {
        const sibling = shape[axis === 2 ? 3 : 2];
        const round = cnn ? roundUp32 : (n: number) => n;
        const multiple = cnn ? ', multiples of 32' : '';
        if (metadata) return { min: round(32), opt: round(metadata.size), max: round(Math.max(1024, metadata.size)), source: `image-like, opt from metadata_props ${metadata.key}${multiple}` };
        if (typeof sibling === 'number') return { min: round(sibling), opt: round(sibling * 2), max: round(sibling * 8), source: `image-like, from static sibling ${sibling}${multiple}` };
        return { min: 32, opt: 320, max: 1024, source: `image-like (default)${multiple}` };
      }
      if ((input.dtype === 'int64' || input.dtype === 'int32') && shape.length === 2) return { min: 1, opt: 128, max: 512, source: 'sequence-like ids (default)' };
      return { min: 1, opt: 64, max: 512, source: 'default' };
    });
    shape.forEach((dim, axis) => {
      const range = ranges[axis];
      if (typeof dim === 'string' && range && !bySymbol.has(dim)) bySymbol.set(dim, { ...range, input: input.name });
    });
    profiles.push({ input: input.name, min: ranges.map((r) => r.min), opt: ranges.map((r) => r.opt), max: ranges.map((r) => r.max), sources: ranges.map((r) => r.source) });
  }
  return profiles;
}
