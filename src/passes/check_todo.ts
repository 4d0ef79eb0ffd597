import { Diag } from "../diagnostics/index.js";
import { custom, hasDraftedTodo } from "../ops/custom.js";
import type { Pass } from "./context.js";

/** Custom layers whose snippet is still the TODO that trtgen-export drafted: W0503 (emit refuses them, see generate). */
export const checkTodo: Pass = {
  name: "check-todo",
  run({ graph, diags }) {
    for (const node of graph.nodes) {
      if (!node.ok || node.op.name !== custom.name || !hasDraftedTodo(node.params as { snippet?: string })) continue;
      diags.report(Diag.todoSnippet, { layer: node.name }, graph.spec.source.locate(["layers", node.index, "snippet"]), node.name);
    }
  },
};
