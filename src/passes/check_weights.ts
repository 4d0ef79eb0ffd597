import { Diag } from "../diagnostics/index.js";
import type { BoundWeight } from "../ir/graph.js";
import { suggester } from "../netspec/suggest.js";
import type { Pass } from "./context.js";

/** e.g. "out 8 × in 3 × 5 × 5" */
export function describeDims(w: Pick<BoundWeight, "shape" | "labels">): string {
  return w.shape.map((d, i) => (w.labels[i] ? `${w.labels[i]} ${d}` : `${d}`)).join(" × ");
}

function countHint(w: BoundWeight, got: number): string | undefined {
  if (w.shape.length < 2 || got === 0) return undefined;
  const rest = w.count / w.shape[0]!;
  if (got % rest === 0) {
    const label = w.labels[0] ?? "the first dimension";
    return `the file's tensor fits ${label} = ${got / rest} instead of ${w.shape[0]}; check the layer's channel/feature sizes against the trained model`;
  }
  return "check the layer's parameters (channels, kernel size, groups) against the trained model";
}

/** Matches the weights every layer needs against the .wts header. */
export const checkWeights: Pass = {
  name: "check-weights",
  run({ graph, diags }) {
    const wts = graph.wts;
    if (!wts) return;
    const used = new Set<string>();
    const needed = new Set(graph.nodes.flatMap((n) => n.weights.map((w) => w.tensor)));
    const suggestTensor = suggester([...wts.tensors.keys()].filter((n) => !needed.has(n)));
    for (const node of graph.nodes) {
      for (const w of node.weights) {
        const t = wts.tensors.get(w.tensor);
        if (!t) {
          diags.report(
            Diag.weightMissing,
            { layer: node.name, tensor: w.tensor, expected: w.count, dims: describeDims(w), wts: wts.path, suggestion: suggestTensor(w.tensor) },
            node.loc,
            node.name,
          );
          continue;
        }
        used.add(w.tensor);
        w.line = t.line;
        w.dtype = t.dtype;
        if (t.count !== w.count) {
          diags.report(
            Diag.weightCount,
            { tensor: w.tensor, expected: w.count, dims: describeDims(w), wts: wts.path, line: t.line, got: t.count, hint: countHint(w, t.count) },
            node.loc,
            node.name,
          );
        }
      }
    }
    for (const t of wts.tensors.values()) {
      if (!used.has(t.name) && !t.name.endsWith("num_batches_tracked")) {
        diags.report(Diag.weightUnused, { tensor: t.name, wts: wts.path, line: t.line }, { file: wts.path, line: t.line });
      }
    }
  },
};
