import { Diag } from "../diagnostics/index.js";
import type { IRNode } from "../ir/graph.js";
import type { Pass } from "./context.js";

/** Orders nodes so each comes after its inputs (spec order where free); reports cycles. */
export const orderTopologically: Pass = {
  name: "order",
  run({ graph, diags }) {
    const byName = new Map(graph.nodes.map((n) => [n.name, n]));
    const state = new Map<string, "visiting" | "done">();
    const order: IRNode[] = [];
    const reported = new Set<string>();
    const stack: string[] = [];
    const visit = (n: IRNode) => {
      const s = state.get(n.name);
      if (s === "done") return;
      if (s === "visiting") {
        const cycle = [...stack.slice(stack.indexOf(n.name)), n.name];
        const key = [...cycle].sort().join("\0");
        if (!reported.has(key)) {
          reported.add(key);
          diags.report(Diag.cycle, { path: cycle }, n.loc, n.name);
        }
        for (const c of cycle) byName.get(c)!.ok = false;
        return;
      }
      state.set(n.name, "visiting");
      stack.push(n.name);
      for (const i of n.inputs) {
        const dep = byName.get(i);
        if (dep) visit(dep);
      }
      stack.pop();
      state.set(n.name, "done");
      order.push(n);
    };
    for (const n of graph.nodes) visit(n);
    graph.nodes = order;
  },
};
