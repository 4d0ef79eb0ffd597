import { Diag } from "../diagnostics/index.js";
import type { IRNode } from "../ir/graph.js";
import type { Pass } from "./context.js";

/**
 * Orders nodes so each comes after its inputs (spec order where free); reports cycles.
 * A depth-first search with an explicit stack, so that a chain of any length
 * (a 100,000-layer spec listed output-first) cannot overflow the call stack.
 */
export const orderTopologically: Pass = {
  name: "order",
  run({ graph, diags }) {
    const byName = new Map(graph.nodes.map((n) => [n.name, n]));
    const state = new Map<string, "visiting" | "done">();
    const order: IRNode[] = [];
    const reported = new Set<string>();
    /** The nodes being visited, each with the index of the next input to visit; `position`: a node's index here. */
    const frames: { node: IRNode; next: number }[] = [];
    const position = new Map<string, number>();
    const enter = (n: IRNode) => {
      state.set(n.name, "visiting");
      position.set(n.name, frames.length);
      frames.push({ node: n, next: 0 });
    };
    for (const root of graph.nodes) {
      if (state.has(root.name)) continue;
      enter(root);
      while (frames.length > 0) {
        const top = frames[frames.length - 1]!;
        if (top.next < top.node.inputs.length) {
          const dep = byName.get(top.node.inputs[top.next++]!);
          if (!dep) continue;
          const s = state.get(dep.name);
          if (s === undefined) enter(dep);
          else if (s === "visiting") {
            const cycle = [...frames.slice(position.get(dep.name)!).map((f) => f.node.name), dep.name];
            const key = [...cycle].sort().join("\0");
            if (!reported.has(key)) {
              reported.add(key);
              diags.report(Diag.cycle, { path: cycle }, dep.loc, dep.name);
            }
            for (const c of cycle) byName.get(c)!.ok = false;
          }
          continue;
        }
        frames.pop();
        position.delete(top.node.name);
        state.set(top.node.name, "done");
        order.push(top.node);
      }
    }
    graph.nodes = order;
  },
};
