import { describe, expect, it } from 'vitest';
import { attribute, createGraph, createModel, createNode } from './builders.js';
import type { OnnxFunction, OnnxTensorProto } from './model.js';
import { walkGraphs, walkNodes, walkTensors } from './walk.js';

const tensor = (name: string): OnnxTensorProto => ({ name, dataType: 1, dtype: 'float32', dims: [1], docString: '', data: { location: 'fields', values: [0] } });

// main: a, if(then: [b, loop(body: [c])], else: [d]), e; function f: [g, if2(then: [h])].
const body = createGraph({ name: 'body', nodes: [createNode('Identity', ['x'], ['c'])] });
const thenBranch = createGraph({
  name: 'then',
  nodes: [createNode('Constant', [], ['b'], { attributes: [attribute('value', 'tensor', tensor('b.value'))] }), createNode('Loop', ['n'], ['loop'], { attributes: [attribute('body', 'graph', body)] })],
});
const elseBranch = createGraph({ name: 'else', nodes: [createNode('Identity', ['x'], ['d'])] });
const graph = createGraph({
  nodes: [
    createNode('Identity', ['x'], ['a']),
    createNode('If', ['cond'], ['if'], { attributes: [attribute('then_branch', 'graph', thenBranch), attribute('else_branch', 'graph', elseBranch)] }),
    createNode('Identity', ['x'], ['e'], { attributes: [attribute('pair', 'tensors', [tensor('e.0'), tensor('e.1')])] }),
  ],
  initializers: [tensor('w')],
  sparseInitializers: [{ values: tensor('s.values'), indices: tensor('s.indices'), dims: [4] }],
});
const fnThen = createGraph({ name: 'fthen', nodes: [createNode('Identity', ['x'], ['h'])] });
const fn: OnnxFunction = {
  name: 'f',
  domain: 'custom',
  overload: '',
  inputs: ['x'],
  outputs: ['h'],
  attributes: [],
  attributeProtos: [],
  nodes: [createNode('Identity', ['x'], ['g']), createNode('If', ['c'], ['if2'], { attributes: [attribute('then_branch', 'graph', fnThen)] })],
  docString: '',
  opsetImports: [],
  valueInfo: [],
  metadataProps: {},
};
const model = createModel(graph, { functions: [fn] });

// Spread into arrays so the same expectations held for the generator versions these replaced (same order).
describe('walks over a model with nested subgraphs and a function', () => {
  it('visits nodes depth-first in pre-order, main graph then functions, with scope and depth', () => {
    expect([...walkNodes(model)].map((v) => [v.node.outputs[0], v.scope, v.depth, v.inFunction])).toEqual([
      ['a', '', 0, false],
      ['if', '', 0, false],
      ['b', 'if/then_branch', 1, false],
      ['loop', 'if/then_branch', 1, false],
      ['c', 'if/then_branch/loop/body', 2, false],
      ['d', 'if/else_branch', 1, false],
      ['e', '', 0, false],
      ['g', 'fn:custom.f', 0, true],
      ['if2', 'fn:custom.f', 0, true],
      ['h', 'fn:custom.f/if2/then_branch', 1, true],
    ]);
  });

  it('lists graphs main first, then subgraphs depth-first, then those inside functions', () => {
    expect([...walkGraphs(model)].map((g) => g.name)).toEqual(['graph', 'then', 'body', 'else', 'fthen']);
  });

  it('lists every stored tensor: initializers, sparse parts, then attribute tensors in node order', () => {
    expect([...walkTensors(model)].map((t) => [t.tensor.name, t.source, t.node?.outputs[0]])).toEqual([
      ['w', 'initializer', undefined],
      ['s.values', 'sparse_initializer', undefined],
      ['s.indices', 'sparse_initializer', undefined],
      ['b.value', 'attribute', 'b'],
      ['e.0', 'attribute', 'e'],
      ['e.1', 'attribute', 'e'],
    ]);
  });
});
