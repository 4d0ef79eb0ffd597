// The one pipeline from a spec file to the lowered TensorRT program: read and
// validate the spec (and the .wts header), run the passes and the enabled
// rewrites, lower. `check`, `emit`, `build` and `simulate` all go through
// here, so they see the same graph and program.
import type { Diagnostics } from "../diagnostics/index.js";
import type { Graph } from "../ir/graph.js";
import type { BuildDefaults } from "../netspec/build.js";
import { loadGraph, rewriteGraph } from "../passes/index.js";
import { lowerGraph } from "./lower.js";
import type { LoweredProgram } from "./types.js";

export interface LowerSpecOptions {
  /** The .wts file checked against the spec (header only, unless `deep` or `wtsValues`). */
  wts?: string;
  /** Also validate every value of the .wts (`check --deep`). */
  deep?: boolean;
  /** Also read every value of the .wts, in the same pass (`simulate`); returned as `weights`. */
  wtsValues?: boolean;
  /** Accept .wts values shorter than 8 / 4 hex digits (`--allow-short-hex`, docs/wts.md "Values"). */
  allowShortHex?: boolean;
  /** Fold batch norms into the preceding convolutions (`--fold-bn`). */
  foldBn?: boolean;
}

export interface PipelineResult {
  /** The validated graph (also when it has errors, for reports). */
  graph?: Graph;
  /** The lowered program, only when nothing reported an error. */
  program?: LoweredProgram;
  diags: Diagnostics;
}

/** Validates a spec and, unless `until` is "graph", rewrites and lowers it. */
export function runPipeline(spec: string, opts: LowerSpecOptions & { until: "graph" | "program" }): PipelineResult {
  const { graph, diags } = loadGraph(spec, { wts: opts.wts, deep: opts.deep, wtsValues: opts.wtsValues, allowShortHex: opts.allowShortHex });
  // a dynamic graph is lowered by `check` too: whether a layer's lowering can leave its extents open is part of validating it
  if (!graph || diags.hasErrors() || (opts.until === "graph" && graph.points.length === 0)) return { graph, diags };
  rewriteGraph(graph, diags, { foldBn: opts.foldBn });
  const program = lowerGraph(graph, diags);
  if (!program || diags.hasErrors()) return { graph, diags };
  return { graph, program, diags };
}

/** Validates and lowers a spec; the program only when there are no errors. */
export function lowerSpecFile(
  spec: string,
  opts: LowerSpecOptions = {},
): { program?: LoweredProgram; diags: Diagnostics; weights?: Map<string, Float32Array>; build?: BuildDefaults } {
  const { graph, program, diags } = runPipeline(spec, { ...opts, until: "program" });
  return program ? { program, diags, weights: graph?.wts?.values, build: graph?.spec.build } : { diags };
}
