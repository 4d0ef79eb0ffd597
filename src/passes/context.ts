import type { Diagnostics, Location } from "../diagnostics/index.js";
import type { Graph, IRNode } from "../ir/graph.js";

export interface PassContext {
  graph: Graph;
  diags: Diagnostics;
}

/** One step over the IR. Passes run in the order of PASSES and share the diagnostics. */
export interface Pass {
  readonly name: string;
  run(ctx: PassContext): void;
}

/** Where a problem with a layer's parameter `param` is: that parameter where the spec writes it, else the layer. */
export function paramLoc(graph: Graph, node: IRNode, param: string | undefined): Location {
  return param !== undefined && node.layer.params[param] !== undefined ? graph.spec.source.locate(["layers", node.index, param]) : node.loc;
}
