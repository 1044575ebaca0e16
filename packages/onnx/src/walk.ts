import type { OnnxGraph, OnnxModel, OnnxNode, OnnxTensorProto } from './model.js';

/** Where a node sits: `''` for the main graph, `If_0/then_branch` for a subgraph, `fn:domain.name` for a function body. */
export interface NodeVisit {
  node: OnnxNode;
  /** The path of graph names from the model's graph down to this node's graph. */
  scope: string;
  /** Nesting depth: 0 in the main graph (and in function bodies), 1 inside an If branch, … */
  depth: number;
  inFunction: boolean;
}

/** Every node of the model: the main graph, subgraphs of If/Loop/Scan (recursively) and model-local function bodies. */
export function* walkNodes(model: OnnxModel): Generator<NodeVisit> {
  yield* walkGraphNodes(model.graph, '', 0, false);
  for (const fn of model.functions) {
    for (const node of fn.nodes) yield* visitNode(node, `fn:${fn.domain}.${fn.name}`, 0, true);
  }
}

function* walkGraphNodes(graph: OnnxGraph, scope: string, depth: number, inFunction: boolean): Generator<NodeVisit> {
  for (const node of graph.nodes) yield* visitNode(node, scope, depth, inFunction);
}

function* visitNode(node: OnnxNode, scope: string, depth: number, inFunction: boolean): Generator<NodeVisit> {
  yield { node, scope, depth, inFunction };
  for (const { graph, name } of subgraphsOf(node)) {
    const childScope = `${scope ? `${scope}/` : ''}${node.name || node.opType}/${name}`;
    yield* walkGraphNodes(graph, childScope, depth + 1, inFunction);
  }
}

/** The subgraphs a node holds in its attributes (If's branches, Loop's and Scan's bodies). */
export function subgraphsOf(node: OnnxNode): { name: string; graph: OnnxGraph }[] {
  const out: { name: string; graph: OnnxGraph }[] = [];
  for (const a of node.attributes) {
    if (a.type === 'graph') out.push({ name: a.name, graph: a.value });
    else if (a.type === 'graphs') {
      a.value.forEach((graph, i) => {
        out.push({ name: `${a.name}[${i}]`, graph });
      });
    }
  }
  return out;
}

/** Every graph of the model: the main graph first, then subgraphs depth-first. */
export function* walkGraphs(model: OnnxModel): Generator<OnnxGraph> {
  function* visit(graph: OnnxGraph): Generator<OnnxGraph> {
    yield graph;
    for (const node of graph.nodes) for (const sub of subgraphsOf(node)) yield* visit(sub.graph);
  }
  yield* visit(model.graph);
  for (const fn of model.functions) for (const node of fn.nodes) for (const sub of subgraphsOf(node)) yield* visit(sub.graph);
}

/** Where a weight tensor comes from: a graph initializer (dense or sparse part) or a node attribute (a Constant's value). */
export interface TensorVisit {
  tensor: OnnxTensorProto;
  source: 'initializer' | 'sparse_initializer' | 'attribute';
  /** The node holding it, for attribute tensors. */
  node?: OnnxNode;
}

/** Every TensorProto stored in the model: initializers, sparse initializers and tensor attributes, subgraphs included. */
export function* walkTensors(model: OnnxModel): Generator<TensorVisit> {
  for (const graph of walkGraphs(model)) {
    for (const tensor of graph.initializers) yield { tensor, source: 'initializer' };
    for (const s of graph.sparseInitializers) {
      yield { tensor: s.values, source: 'sparse_initializer' };
      yield { tensor: s.indices, source: 'sparse_initializer' };
    }
  }
  for (const { node } of walkNodes(model)) {
    for (const a of node.attributes) {
      if (a.type === 'tensor') yield { tensor: a.value, source: 'attribute', node };
      else if (a.type === 'tensors') for (const tensor of a.value) yield { tensor, source: 'attribute', node };
      else if (a.type === 'sparse_tensor') {
        yield { tensor: a.value.values, source: 'attribute', node };
        yield { tensor: a.value.indices, source: 'attribute', node };
      }
    }
  }
}
