import { Diag } from "../diagnostics/index.js";
import { pointName } from "../ir/dynamic.js";
import type { IRNode } from "../ir/graph.js";
import { fmtShape, type Inexact } from "../ops/types.js";
import { paramLoc, type Pass } from "./context.js";

const STATIC_ONLY = "its lowering needs every extent of its inputs at build time";

/**
 * Dynamic shapes (spec `profiles`): asks each op that gets a dynamic input dimension
 * whether it can take it (OpDef.dynamic), checks that no weight is sized by a dimension
 * that varies (a linear over a dynamic feature dimension, a conv over dynamic channels),
 * and asks OpDef.inexact at every profile shape. Each problem is reported at the layer.
 */
export const checkDynamic: Pass = {
  name: "check-dynamic",
  run({ graph, diags }) {
    if (graph.points.length === 0) return;
    for (const node of graph.nodes) {
      const d = node.dynamic;
      if (!node.ok || !d || !node.shape || !node.inputShapes) continue;
      const report = (problem: Inexact) =>
        diags.report(
          Diag.notDynamic,
          { layer: node.name, op: node.op.name, inputs: d.inputDims.map(fmtShape).join(" and "), reason: problem.reason, hint: problem.hint },
          paramLoc(graph, node, problem.param),
          node.name,
        );
      if (d.inputDims.some((s) => s.includes(-1))) {
        const support = node.op.dynamic;
        if (support === "none") {
          report({ reason: `${STATIC_ONLY} (-1 marks the dimensions that vary between the profiles' shapes)` });
          continue;
        }
        if (support !== "any") {
          const problem = support({ inputs: d.inputDims, out: d.dims }, node.params);
          if (problem) {
            report(problem);
            continue;
          }
        }
      }
      const weights = weightProblem(node, graph.points.map(pointName));
      if (weights) {
        report(weights);
        continue;
      }
      if (!node.op.inexact) continue;
      for (const [k, out] of d.points.entries()) {
        const problem = node.op.inexact(d.inputPoints[k]!, node.params, out);
        if (problem) {
          diags.report(
            Diag.differsFromPytorch,
            { layer: node.name, op: node.op.name, reason: `at ${pointName(graph.points[k]!)}: ${problem.reason}`, hint: problem.hint },
            paramLoc(graph, node, problem.param),
            node.name,
          );
          break;
        }
      }
    }
  },
};

/** A weight whose shape differs between profile shapes: it would be sized by a dynamic dimension. */
function weightProblem(node: IRNode, names: string[]): Inexact | undefined {
  const d = node.dynamic!;
  if (!node.op.weights) return undefined;
  const at = d.points.map((out, k) => node.op.weights!(d.inputPoints[k]!, node.params, out));
  for (const [k, ws] of at.entries()) {
    for (const [j, w] of ws.entries()) {
      const ref = at[0]![j];
      if (ref && w.role === ref.role && fmtShape(w.shape) === fmtShape(ref.shape)) continue;
      return {
        reason: `its weight '${w.role}' would be ${ref ? fmtShape(ref.shape) : "absent"} at ${names[0]} but ${fmtShape(w.shape)} at ${names[k]}: a weight cannot be sized by a dimension that varies`,
        hint: "the dimensions a layer's weights are sized by (features, channels) must be static in the input shape",
      };
    }
  }
  return undefined;
}
