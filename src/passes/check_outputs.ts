import { Diag } from "../diagnostics/index.js";
import { suggester } from "../netspec/suggest.js";
import type { Pass } from "./context.js";

/** Outputs must name layers; layers and inputs nobody reads are reported as warnings. */
export const checkOutputs: Pass = {
  name: "check-outputs",
  run({ graph, diags }) {
    const layers = new Set(graph.nodes.map((n) => n.name));
    const inputs = new Set(graph.inputs.map((i) => i.name));
    const seen = new Map<string, number>();
    const suggestLayer = suggester(layers);
    for (const o of graph.outputs) {
      const first = seen.get(o.name);
      if (first !== undefined) diags.report(Diag.duplicateName, { name: o.name, firstLine: first }, o.loc);
      else seen.set(o.name, o.loc.line ?? 0);
      if (inputs.has(o.name)) diags.report(Diag.outputIsInput, { output: o.name }, o.loc);
      else if (!layers.has(o.name)) diags.report(Diag.unknownOutput, { output: o.name, suggestion: suggestLayer(o.name) }, o.loc);
    }
    const read = new Set(graph.nodes.flatMap((n) => n.inputs));
    for (const n of graph.nodes) {
      if (!read.has(n.name) && !seen.has(n.name) && n.op.arity) diags.report(Diag.unusedLayer, { layer: n.name }, n.loc, n.name);
    }
    for (const i of graph.inputs) if (!read.has(i.name)) diags.report(Diag.unusedInput, { input: i.name }, i.loc);
  },
};
