import { attribute, createNode, type OnnxGraph, type OnnxModel, type OnnxNode, type OnnxTensorProto, subgraphsOf, tensorFromProto, tensorToProto } from '@pipeline/onnx';
import { float32ArrayToFloat16 } from '@pipeline/tensor';
import { FLOAT, FLOAT16, inferElemTypes, namesReadBy } from './elem-types.js';

export interface Fp16Options {
  /** Keep graph inputs and outputs float32, with Cast nodes at the boundary (default true). */
  keepIoTypes: boolean;
  /** Op types computed in float32 with Casts around them. */
  blockList: readonly string[];
}

/** What the conversion changed, for the report and the lineage. */
export interface Fp16Summary {
  tensorsConverted: number;
  /** Float32 values beyond ±65504 clamped to the largest float16, instead of becoming infinite. */
  valuesClamped: number;
  castsRetargeted: number;
  castsInserted: number;
  blockedNodes: number;
}

const FLOAT16_MAX = 65504;

/**
 * Converts a model to float16 in place: float32 initializers, Constant/ConstantOfShape tensors and
 * `Cast(to=FLOAT)` become float16, value_info and subgraph (If/Loop/Scan) types follow; blocked ops keep
 * float32 behind Casts; graph inputs/outputs stay float32 through Casts unless `keepIoTypes` is false.
 * A float32 tensor read only by blocked ops is left as it is.
 */
export function convertToFloat16(model: OnnxModel, options: Fp16Options): Fp16Summary {
  const summary: Fp16Summary = { tensorsConverted: 0, valuesClamped: 0, castsRetargeted: 0, castsInserted: 0, blockedNodes: 0 };
  convertGraph(model.graph, new Map(), { ...options, blocked: new Set(options.blockList), isMain: true, summary, unique: uniqueNames(model.graph) });
  return summary;
}

interface GraphContext extends Fp16Options {
  blocked: ReadonlySet<string>;
  isMain: boolean;
  summary: Fp16Summary;
  unique: (base: string) => string;
}

function uniqueNames(graph: OnnxGraph): (base: string) => string {
  const taken = new Set<string>();
  const collect = (g: OnnxGraph) => {
    for (const v of [...g.inputs, ...g.outputs, ...g.valueInfo]) taken.add(v.name);
    for (const i of g.initializers) taken.add(i.name);
    for (const n of g.nodes) {
      for (const o of n.outputs) taken.add(o);
      for (const s of subgraphsOf(n)) collect(s.graph);
    }
  };
  collect(graph);
  return (base) => {
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };
}

function convertGraph(graph: OnnxGraph, outer: ReadonlyMap<string, number>, ctx: GraphContext): void {
  const before = inferElemTypes(graph, outer);
  const consumers = new Map<string, OnnxNode[]>();
  for (const node of graph.nodes) for (const name of namesReadBy(node)) consumers.set(name, [...(consumers.get(name) ?? []), node]);
  const isBlocked = (node: OnnxNode) => (node.domain === '' || node.domain === 'ai.onnx') && ctx.blocked.has(node.opType);
  // A value stays float32 when everything reading it is blocked (and something reads it).
  const onlyBlockedRead = (name: string) => {
    const readers = consumers.get(name) ?? [];
    return readers.length > 0 && readers.every(isBlocked);
  };
  const keptFloat32 = new Set<string>();

  for (const init of graph.initializers) {
    if (init.dataType !== FLOAT) continue;
    if (onlyBlockedRead(init.name)) keptFloat32.add(init.name);
    else replaceTensor(init, (t) => Object.assign(init, t), ctx.summary);
  }
  for (const node of graph.nodes) {
    const out = node.outputs[0] ?? '';
    if (node.opType === 'Constant' || node.opType === 'ConstantOfShape') {
      const value = node.attributes.find((a) => a.name === 'value');
      if (value?.type === 'tensor' && value.value.dataType === FLOAT) {
        if (onlyBlockedRead(out)) keptFloat32.add(out);
        else replaceTensor(value.value, (t) => (value.value = t), ctx.summary);
      }
    } else if (node.opType === 'Cast') {
      const to = node.attributes.find((a) => a.name === 'to');
      if (to?.type === 'int' && Number(to.value) === FLOAT) {
        if (onlyBlockedRead(out)) keptFloat32.add(out);
        else {
          to.value = BigInt(FLOAT16);
          ctx.summary.castsRetargeted++;
        }
      }
    } else if (isBlocked(node)) {
      for (const o of node.outputs) keptFloat32.add(o);
    }
    for (const { graph: body } of subgraphsOf(node)) convertGraph(body, half(before, keptFloat32), { ...ctx, isMain: false });
  }

  // The float type each value has now: float16 unless kept (IO with keepIoTypes is handled below).
  const isNowHalf = (name: string) => before.get(name) === FLOAT && !keptFloat32.has(name);
  const nodes: OnnxNode[] = [];
  const cast = (from: string, to: string, type: number) => {
    ctx.summary.castsInserted++;
    return createNode('Cast', [from], [to], { name: ctx.unique(`${to}_cast`), attributes: [attribute('to', 'int', BigInt(type))] });
  };
  const ioRenames = new Map<string, string>();
  if (ctx.isMain && ctx.keepIoTypes) {
    for (const input of graph.inputs) {
      if (before.get(input.name) !== FLOAT || graph.initializers.some((i) => i.name === input.name)) continue;
      // The input itself stays float32; blocked nodes read it directly, the others its float16 copy.
      keptFloat32.add(input.name);
      const half16 = ctx.unique(`${input.name}_fp16`);
      ioRenames.set(input.name, half16);
      nodes.push(cast(input.name, half16, FLOAT16));
    }
  }
  const renameInputs = (node: OnnxNode) => {
    node.inputs = node.inputs.map((n) => ioRenames.get(n) ?? n);
    for (const { graph: body } of subgraphsOf(node)) for (const inner of body.nodes) renameInputs(inner);
  };
  for (const node of graph.nodes) {
    if (!isBlocked(node)) {
      renameInputs(node);
      nodes.push(node);
      continue;
    }
    ctx.summary.blockedNodes++;
    node.inputs = node.inputs.map((name) => {
      if (name === '' || !isNowHalf(name)) return name;
      const full = ctx.unique(`${name}_fp32`);
      nodes.push(cast(name, full, FLOAT));
      return full;
    });
    const after: OnnxNode[] = [];
    const graphOutputs = new Set(graph.outputs.map((o) => o.name));
    node.outputs = node.outputs.map((name) => {
      if (name === '' || before.get(name) !== FLOAT) return name;
      // A float32 graph output that stays float32 needs no round trip through float16.
      if (ctx.isMain && ctx.keepIoTypes && graphOutputs.has(name)) return name;
      const full = ctx.unique(`${name}_fp32`);
      after.push(cast(full, name, FLOAT16));
      keptFloat32.delete(name); // the name now carries the float16 copy
      return full;
    });
    nodes.push(node, ...after);
  }
  for (const output of graph.outputs) {
    if (before.get(output.name) !== FLOAT) continue;
    if (ctx.isMain && ctx.keepIoTypes) {
      if (keptFloat32.has(output.name)) continue;
      const half16 = ctx.unique(`${output.name}_fp16`);
      for (const node of nodes) node.outputs = node.outputs.map((n) => (n === output.name ? half16 : n));
      nodes.push(cast(half16, output.name, FLOAT));
    } else if (!keptFloat32.has(output.name)) setElemType(output.type, FLOAT16);
  }
  if (!(ctx.isMain && ctx.keepIoTypes)) {
    for (const input of graph.inputs) if (before.get(input.name) === FLOAT && !keptFloat32.has(input.name)) setElemType(input.type, FLOAT16);
  }
  for (const info of graph.valueInfo) if (isNowHalf(info.name)) setElemType(info.type, FLOAT16);
  graph.nodes = nodes;
}

/** The outer scope as a subgraph sees it after conversion: float values are float16 unless kept. */
function half(types: ReadonlyMap<string, number>, kept: ReadonlySet<string>): Map<string, number> {
  return new Map([...types].map(([name, t]) => [name, t === FLOAT && !kept.has(name) ? FLOAT16 : t]));
}

function setElemType(type: { kind: string }, elemType: number): void {
  if (type.kind === 'tensor') Object.assign(type, { elemType, dtype: elemType === FLOAT16 ? 'float16' : 'float32' });
}

function replaceTensor(proto: OnnxTensorProto, set: (t: OnnxTensorProto) => void, summary: Fp16Summary): void {
  const tensor = tensorFromProto(proto);
  const values = tensor.data as Float32Array;
  const clamped = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > FLOAT16_MAX || v < -FLOAT16_MAX) summary.valuesClamped++;
    clamped[i] = Math.min(FLOAT16_MAX, Math.max(-FLOAT16_MAX, v)); // NaN stays NaN
  }
  const converted = tensorToProto(proto.name, { dtype: 'float16', shape: tensor.shape, data: float32ArrayToFloat16(clamped) });
  set({ ...converted, docString: proto.docString });
  summary.tensorsConverted++;
}
