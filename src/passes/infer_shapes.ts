import { Diag } from "../diagnostics/index.js";
import { shapeLimitProblem } from "../ir/limits.js";
import { OpError, fmtShape, type Shape } from "../ops/types.js";
import type { Diagnostics } from "../diagnostics/index.js";
import { pointName, varyingDims } from "../ir/dynamic.js";
import type { Graph, IRNode } from "../ir/graph.js";
import { paramLoc, type Pass } from "./context.js";

/**
 * Runs each op's shape inference in order; the first impossible layer on each
 * path is reported, and so is an output shape past TensorRT's limits (rank,
 * int32 dimensions, 2^31 - 1 elements).
 */
export const inferShapes: Pass = {
  name: "infer-shapes",
  run({ graph, diags }) {
    inferReference(graph, diags);
    if (graph.points.length > 0) inferAtPoints(graph, diags);
  },
};

/** Shape inference at the inputs' shapes (in a dynamic graph: the first profile's opt). */
function inferReference(graph: Graph, diags: Diagnostics): void {
  const shapes = new Map<string, Shape>(graph.inputs.flatMap((i) => (i.shape ? [[i.name, i.shape] as const] : [])));
  for (const node of graph.nodes) {
    if (!node.ok) continue;
    const ins = node.inputs.map((i) => shapes.get(i));
    if (ins.some((s) => s === undefined)) continue; // an upstream layer already failed
    node.inputShapes = ins as Shape[];
    const out = inferNode(graph, diags, node, node.inputShapes);
    if (!out) continue;
    node.shape = out;
    shapes.set(node.name, out);
  }
}

/**
 * A dynamic graph: infers every layer at each profile point (min, opt, max of every
 * profile); a layer impossible at one is reported with the point. Each layer that infers
 * at every point gets its shapes there and the dimensions that vary (NodeDynamic).
 */
function inferAtPoints(graph: Graph, diags: Diagnostics): void {
  const failed = new Set<string>();
  const perPoint = graph.points.map(
    (pt) => new Map<string, Shape>(graph.inputs.flatMap((i) => (i.shape ? [[i.name, pt.shapes.get(i.name) ?? i.shape] as const] : []))),
  );
  for (const node of graph.nodes) {
    if (!node.ok || !node.shape || !node.inputShapes) continue;
    if (node.inputs.some((i) => failed.has(i))) {
      failed.add(node.name);
      continue;
    }
    const inputPoints: Shape[][] = [];
    const points: Shape[] = [];
    for (const [k, shapes] of perPoint.entries()) {
      const ins = node.inputs.map((i) => shapes.get(i)!);
      const out = inferNode(graph, diags, node, ins, { where: `at ${pointName(graph.points[k]!)}`, reference: node.shape });
      if (!out) break;
      inputPoints.push(ins);
      points.push(out);
      shapes.set(node.name, out);
    }
    if (points.length < perPoint.length) {
      failed.add(node.name);
      continue;
    }
    node.dynamic = {
      points,
      inputPoints,
      dims: varyingDims(points),
      inputDims: node.inputs.map((_i, j) => varyingDims(inputPoints.map((ins) => ins[j]!))),
    };
  }
}

/**
 * The node's output shape for input shapes `ins`, or undefined with the problem reported. At a
 * profile point, the problem names the point (`where`) and the output must have the rank of the
 * shape inferred at the inputs' shapes (`reference`).
 */
function inferNode(graph: Graph, diags: Diagnostics, node: IRNode, ins: Shape[], point?: { where: string; reference: Shape }): Shape | undefined {
  try {
    const out = node.op.inferShape(ins, node.params);
    // a shape TensorRT cannot hold stops this path like an impossible one
    const problem = shapeLimitProblem(out);
    if (problem) {
      const what = `layer '${node.name}' (${node.op.name}) output shape${point ? ` ${point.where}` : ""}`;
      diags.report(Diag.shapeLimit, { what, shape: out, ...problem }, node.loc, node.name);
      return undefined;
    }
    if (point && out.length !== point.reference.length)
      throw new OpError(`its output rank differs between profile shapes (${fmtShape(point.reference)} and ${fmtShape(out)})`);
    return out;
  } catch (e) {
    if (!(e instanceof OpError)) throw e;
    const inputs = ins.map(fmtShape).join(" and ");
    diags.report(
      Diag.shapeError,
      { layer: node.name, op: node.op.name, inputs: point ? `${inputs} (${point.where})` : inputs, reason: e.message, hint: e.hint },
      paramLoc(graph, node, e.param),
      node.name,
    );
    return undefined;
  }
}
