import { Diag } from "../diagnostics/index.js";
import { suggest } from "../netspec/suggest.js";
import type { Pass } from "./context.js";

/** Outputs must name layers; layers and inputs nobody reads are reported as warnings. */
export const checkOutputs: Pass = {
  name: "check-outputs",
  run({ graph, diags }) {
    const layers = new Set(graph.nodes.map((n) => n.name));
    const inputs = new Set(graph.inputs.map((i) => i.name));
    const seen = new Set<string>();
    for (const o of graph.outputs) {
      if (seen.has(o.name)) diags.report(Diag.duplicateName, { name: o.name, firstLine: graph.outputs.find((x) => x.name === o.name)!.loc.line ?? 0 }, o.loc);
      seen.add(o.name);
      if (inputs.has(o.name)) diags.report(Diag.outputIsInput, { output: o.name }, o.loc);
      else if (!layers.has(o.name)) diags.report(Diag.unknownOutput, { output: o.name, suggestion: suggest(o.name, layers) }, o.loc);
    }
    const read = new Set(graph.nodes.flatMap((n) => n.inputs));
    for (const n of graph.nodes) {
      if (!read.has(n.name) && !seen.has(n.name) && n.op.arity) diags.report(Diag.unusedLayer, { layer: n.name }, n.loc, n.name);
    }
    for (const i of graph.inputs) if (!read.has(i.name)) diags.report(Diag.unusedInput, { input: i.name }, i.loc);
  },
};
