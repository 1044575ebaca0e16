import type { Expr } from './ast.js';

/** A read of named data: `stages.convert.outputs.model` is root `stages`, path `['convert', 'outputs', 'model']`. */
export interface Reference {
  root: string;
  /** The property names known without running: stops at the first computed, non-literal index. */
  path: (string | number)[];
  /** The whole chain, for locating it. */
  node: Expr;
}

/** Every chain of property reads that starts at a name, outermost first. */
export function collectReferences(expr: Expr): Reference[] {
  const found: Reference[] = [];
  visit(expr, found);
  return found;
}

function visit(expr: Expr, found: Reference[]): void {
  switch (expr.type) {
    case 'literal':
      return;
    case 'identifier':
      found.push({ root: expr.name, path: [], node: expr });
      return;
    case 'member': {
      const chain = memberChain(expr);
      if (chain) {
        found.push({ ...chain, node: expr });
        // Computed indexes inside the chain may read other names: `a[params.i]`.
        for (let node: Expr = expr; node.type === 'member'; node = node.object) {
          if (node.property.type !== 'literal') visit(node.property, found);
        }
        return;
      }
      visit(expr.object, found);
      visit(expr.property, found);
      return;
    }
    case 'call':
      for (const arg of expr.args) visit(arg, found);
      return;
    case 'unary':
      visit(expr.operand, found);
      return;
    case 'binary':
      visit(expr.left, found);
      visit(expr.right, found);
      return;
  }
}

/** `root.a['b'][x].c` → root and `['a', 'b']` (the path stops at the computed `[x]`). */
function memberChain(expr: Expr): { root: string; path: (string | number)[] } | undefined {
  const properties: Expr[] = [];
  let node = expr;
  while (node.type === 'member') {
    properties.unshift(node.property);
    node = node.object;
  }
  if (node.type !== 'identifier') return undefined;
  const path: (string | number)[] = [];
  for (const property of properties) {
    if (property.type !== 'literal' || property.value === null || typeof property.value === 'boolean') break;
    path.push(property.value);
  }
  return { root: node.name, path };
}
