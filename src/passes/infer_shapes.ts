import { Diag } from "../diagnostics/index.js";
import { shapeLimitProblem } from "../ir/limits.js";
import { OpError, fmtShape, type Shape } from "../ops/types.js";
import type { Pass } from "./context.js";

/**
 * Runs each op's shape inference in order; the first impossible layer on each
 * path is reported, and so is an output shape past TensorRT's limits (rank,
 * int32 dimensions, 2^31 - 1 elements).
 */
export const inferShapes: Pass = {
  name: "infer-shapes",
  run({ graph, diags }) {
    const shapes = new Map<string, Shape>(graph.inputs.flatMap((i) => (i.shape ? [[i.name, i.shape] as const] : [])));
    const src = graph.spec.source;
    for (const node of graph.nodes) {
      if (!node.ok) continue;
      const ins = node.inputs.map((i) => shapes.get(i));
      if (ins.some((s) => s === undefined)) continue; // an upstream layer already failed
      node.inputShapes = ins as Shape[];
      try {
        const out = node.op.inferShape(node.inputShapes, node.params);
        // a shape TensorRT cannot hold stops this path like an impossible one
        const problem = shapeLimitProblem(out);
        if (problem) {
          diags.report(Diag.shapeLimit, { what: `layer '${node.name}' (${node.op.name}) output shape`, shape: out, ...problem }, node.loc, node.name);
          continue;
        }
        node.shape = out;
        shapes.set(node.name, out);
      } catch (e) {
        if (!(e instanceof OpError)) throw e;
        const layer = node.layer;
        const loc = e.param !== undefined && layer.params[e.param] !== undefined ? src.locate(["layers", node.index, e.param]) : node.loc;
        diags.report(
          Diag.shapeError,
          { layer: node.name, op: node.op.name, inputs: node.inputShapes.map(fmtShape).join(" and "), reason: e.message, hint: e.hint },
          loc,
          node.name,
        );
      }
    }
  },
};
