/**
 * Finds the cycles of a dependency graph (id → ids it needs), each as the path that closes it:
 * `['a', 'b', 'c', 'a']`. Each cycle is reported once, from its first node in `order`.
 */
export function findCycles(order: readonly string[], edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (node: string): void => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...new Set(cycle)].sort().join('\0');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(next) && edges.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of order) if (!state.has(node)) visit(node);
  return cycles;
}

/** A topological order (producers first) that keeps declaration order among independent nodes. Assumes no cycles. */
export function topologicalOrder(order: readonly string[], edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const placed = new Set<string>();
  const result: string[] = [];
  const place = (node: string): void => {
    if (placed.has(node)) return;
    placed.add(node);
    for (const dependency of edges.get(node) ?? []) if (edges.has(dependency)) place(dependency);
    result.push(node);
  };
  for (const node of order) place(node);
  return result;
}
