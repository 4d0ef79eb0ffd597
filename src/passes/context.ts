import type { Diagnostics } from "../diagnostics/index.js";
import type { Graph } from "../ir/graph.js";

export interface PassContext {
  graph: Graph;
  diags: Diagnostics;
}

/** One step over the IR. Passes run in the order of PASSES and share the diagnostics. */
export interface Pass {
  readonly name: string;
  run(ctx: PassContext): void;
}
