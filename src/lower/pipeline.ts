// The one pipeline from a spec file to the lowered TensorRT program: read and
// validate the spec (and the .wts header), run the passes, lower. `emit`, `build`
// and `simulate` all go through here, so they see the same program.
import type { Diagnostics } from "../diagnostics/index.js";
import { loadGraph, rewriteGraph } from "../passes/index.js";
import { lowerGraph } from "./lower.js";
import type { LoweredProgram } from "./types.js";

export interface LowerSpecOptions {
  /** The .wts file checked against the spec (header only). */
  wts?: string;
  /** Fold batch norms into the preceding convolutions (`--fold-bn`). */
  foldBn?: boolean;
}

/** Validates and lowers a spec; the program only when there are no errors. */
export function lowerSpecFile(spec: string, opts: LowerSpecOptions = {}): { program?: LoweredProgram; diags: Diagnostics } {
  const { graph, diags } = loadGraph(spec, { wts: opts.wts });
  if (!graph || diags.hasErrors()) return { diags };
  rewriteGraph(graph, diags, { foldBn: opts.foldBn });
  const program = lowerGraph(graph, diags);
  if (!program || diags.hasErrors()) return { diags };
  return { program, diags };
}
