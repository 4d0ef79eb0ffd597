import { Diag, Diagnostics } from "../diagnostics/index.js";
import type { Graph } from "../ir/graph.js";
import { profilePoints } from "../ir/dynamic.js";
import { parseSpec, readSpecFile } from "../netspec/parse.js";
import { WtsIOError, scanWts, type ScanOptions, type WtsHeader } from "../weights/wts.js";
import { bindWeights } from "./bind_weights.js";
import { buildNodes } from "./build_nodes.js";
import { checkDynamic } from "./check_dynamic.js";
import { checkExact } from "./check_exact.js";
import { checkOutputs } from "./check_outputs.js";
import { checkTodo } from "./check_todo.js";
import { checkWeights } from "./check_weights.js";
import type { Pass } from "./context.js";
import { foldBatchNorm } from "./fold_bn.js";
import { inferShapes } from "./infer_shapes.js";
import { orderTopologically } from "./order.js";
import { resolveInputs } from "./resolve_inputs.js";

/** Every pass, in the order they run. */
export const PASSES: readonly Pass[] = [
  buildNodes,
  resolveInputs,
  orderTopologically,
  checkOutputs,
  checkTodo,
  inferShapes,
  checkExact,
  checkDynamic,
  bindWeights,
  checkWeights,
];

/** Optional graph rewrites of a validated graph before lowering, in the order they run, with the option enabling each. */
export const REWRITES: readonly { pass: Pass; option: keyof RewriteOptions }[] = [{ pass: foldBatchNorm, option: "foldBn" }];

export interface RewriteOptions {
  /** Fold each batch_norm2d into the conv2d before it (`--fold-bn`). */
  foldBn?: boolean;
}

/** Runs the enabled rewrites on a graph without errors. */
export function rewriteGraph(graph: Graph, diags: Diagnostics, opts: RewriteOptions): void {
  for (const r of REWRITES) if (opts[r.option]) r.pass.run({ graph, diags });
}

export interface LoadOptions {
  wts?: string;
  /** Validate every value of the .wts (`check --deep`). */
  deep?: boolean;
  /** Also read every value of the .wts into graph.wts.values, in the same pass (`simulate`). */
  wtsValues?: boolean;
  /** Accept .wts values shorter than 8 / 4 hex digits (`--allow-short-hex`, docs/wts.md "Values"). */
  allowShortHex?: boolean;
  /** Read the spec with the yaml package's parseDocument only, never the fast reader (for tests comparing the two). */
  fullYaml?: boolean;
}

export interface LoadResult {
  graph?: Graph;
  diags: Diagnostics;
}

/** Reads the .wts (header, or with `values` every value too), reporting I/O and format problems as diagnostics. */
export function loadWts(path: string, diags: Diagnostics, opts: ScanOptions = {}): WtsHeader | undefined {
  try {
    const h = scanWts(path, opts);
    for (const p of h.problems) {
      diags.report(Diag.wtsFormat, { wts: path, line: p.line, kind: p.kind, reason: p.reason, tensor: p.tensor, hint: p.hint }, { file: path, line: p.line });
    }
    return h;
  } catch (e) {
    if (!(e instanceof WtsIOError)) throw e;
    if (e.code === "ENOENT") diags.report(Diag.fileNotFound, { path, what: "weights file" }, { file: path });
    else diags.report(Diag.fileUnreadable, { path, what: "weights file", reason: e.message }, { file: path });
    return undefined;
  }
}

/** Spec (+ optional .wts) → validated IR, with every problem collected in diags. */
export function loadGraph(specPath: string, opts: LoadOptions = {}): LoadResult {
  const diags = new Diagnostics();
  const src = readSpecFile(specPath, diags, { fullYaml: opts.fullYaml });
  const wts = opts.wts !== undefined ? loadWts(opts.wts, diags, { deep: opts.deep, values: opts.wtsValues, allowShortHex: opts.allowShortHex }) : undefined;
  if (!src) return { diags };
  const spec = parseSpec(src, diags);
  if (!spec) return { diags };
  const graph: Graph = {
    name: spec.name,
    spec,
    inputs: spec.inputs.map((i) => ({ name: i.name, shape: i.shape, ...(i.dims ? { dims: i.dims } : {}), dtype: i.dtype, loc: i.loc })),
    points: profilePoints(spec.profiles),
    nodes: [],
    outputs: spec.outputs,
  };
  if (wts) graph.wts = wts;
  for (const pass of PASSES) pass.run({ graph, diags });
  return { graph, diags };
}
