import { Diag } from "../diagnostics/index.js";
import { shapeLimitProblem } from "../ir/limits.js";
import { product } from "../ops/types.js";
import { suggest } from "../netspec/suggest.js";
import type { Pass } from "./context.js";

/** Names each weight tensor a layer needs (`<layer>.<role>` unless overridden) with its shape. */
export const bindWeights: Pass = {
  name: "bind-weights",
  run({ graph, diags }) {
    const src = graph.spec.source;
    for (const node of graph.nodes) {
      const layer = node.layer;
      if (!node.shape || !node.inputShapes) continue;
      const reqs = node.op.weights?.(node.inputShapes, node.params, node.shape) ?? [];
      const roles = reqs.map((r) => r.role);
      for (const role of Object.keys(layer.weights)) {
        if (!roles.includes(role)) {
          diags.report(
            Diag.unknownField,
            {
              where: `layer '${node.name}' weights`,
              field: role,
              suggestion: suggest(role, roles),
              allowed: roles.length ? roles : ["(this layer has no weights)"],
            },
            src.locate(["layers", node.index, "weights", role], { key: true }),
            node.name,
          );
        }
      }
      // a weight becomes a TensorRT constant or Weights: the same limits as any tensor
      const tooLarge = reqs.map((r) => ({ r, problem: shapeLimitProblem(r.shape) })).filter((x) => x.problem !== undefined);
      for (const { r, problem } of tooLarge) {
        diags.report(
          Diag.shapeLimit,
          { what: `layer '${node.name}' (${node.op.name}) weight '${r.role}' shape`, shape: r.shape, ...problem! },
          node.loc,
          node.name,
        );
      }
      if (tooLarge.length > 0) {
        node.ok = false;
        continue;
      }
      node.weights = reqs.map((r) => ({
        role: r.role,
        tensor: layer.weights[r.role] ?? `${node.name}.${r.role}`,
        shape: r.shape,
        labels: r.labels ?? r.shape.map(() => undefined),
        count: product(r.shape),
      }));
    }
  },
};
