import { Diag } from "../diagnostics/index.js";
import { paramLoc, type Pass } from "./context.js";

/**
 * Asks each op whose shapes are known whether its TensorRT lowering equals
 * PyTorch for them (OpDef.inexact); reports E0202 where it does not, so that
 * `check` finds it and `emit` refuses instead of writing a different engine.
 */
export const checkExact: Pass = {
  name: "check-exact",
  run({ graph, diags }) {
    for (const node of graph.nodes) {
      if (!node.ok || !node.shape || !node.inputShapes || !node.op.inexact) continue;
      const problem = node.op.inexact(node.inputShapes, node.params, node.shape);
      if (!problem) continue;
      diags.report(
        Diag.differsFromPytorch,
        { layer: node.name, op: node.op.name, reason: problem.reason, hint: problem.hint },
        paramLoc(graph, node, problem.param),
        node.name,
      );
    }
  },
};
