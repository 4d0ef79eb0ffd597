// Depth of a graph's values: the number of layers on the longest path from a
// network input (inputs have depth 0). docs/numerics.md scales the comparison
// tolerance with it, since float32 rounding error accumulates layer by layer.
import type { Graph } from "./graph.js";

/** Depth of every input and node of a topologically ordered graph. */
export function depths(g: Graph): Map<string, number> {
  const d = new Map<string, number>();
  for (const i of g.inputs) d.set(i.name, 0);
  for (const n of g.nodes) d.set(n.name, 1 + n.inputs.reduce((m, i) => Math.max(m, d.get(i) ?? 0), 0));
  return d;
}
