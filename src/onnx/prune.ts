import type { OnnxGraph } from '../runtime/onnx-graph.js';

/** Drops nodes and initializers that no output depends on (e.g. the critic's score branch when only AUs are
 * exported). */
export function pruneGraph(g: OnnxGraph): OnnxGraph {
  const needed = new Set(g.outputs.map((o) => o.name));
  const kept = [];
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i]!;
    if (!n.outputs.some((o) => needed.has(o))) continue;
    kept.push(n);
    for (const inp of n.inputs) if (inp) needed.add(inp);
  }
  return { ...g, nodes: kept.reverse(), initializers: g.initializers.filter((t) => needed.has(t.name)) };
}
