import { Diag } from "../diagnostics/index.js";
import { suggester } from "../netspec/suggest.js";
import type { Pass } from "./context.js";

/** Fills default inputs (the previous layer; none for an op without inputs) and checks every reference and input count. */
export const resolveInputs: Pass = {
  name: "resolve-inputs",
  run({ graph, diags }) {
    const src = graph.spec.source;
    const names = new Set([...graph.inputs.map((i) => i.name), ...graph.nodes.map((n) => n.name)]);
    const suggestName = suggester(names);
    graph.nodes.forEach((node, i) => {
      const layer = node.layer;
      const path = ["layers", node.index];
      if (layer.inputs === undefined && node.op.arity?.max === 0) node.inputs = [];
      else if (layer.inputs === undefined) {
        const prev = graph.nodes[i - 1];
        if (prev) node.inputs = [prev.name];
        else if (graph.inputs.length === 1) node.inputs = [graph.inputs[0]!.name];
        else {
          diags.report(Diag.noDefaultInput, { layer: node.name }, node.loc, node.name);
          node.ok = false;
          return;
        }
      }
      node.inputs.forEach((input, k) => {
        if (!names.has(input)) {
          const field = layer.inputs && layer.inputs.length === 1 && graph.spec.source.has([...path, "input"]) ? [...path, "input"] : [...path, "inputs", k];
          diags.report(Diag.unknownInput, { layer: node.name, input, suggestion: suggestName(input) }, src.locate(field), node.name);
          node.ok = false;
        }
      });
      const { min, max } = node.op.arity ?? { min: 0, max: Infinity };
      if (node.op.arity && (node.inputs.length < min || node.inputs.length > max)) {
        const expected = min === max ? `${min} input${min === 1 ? "" : "s"}` : max === Infinity ? `at least ${min} inputs` : `${min} to ${max} inputs`;
        diags.report(
          Diag.inputArity,
          { layer: node.name, op: node.op.name, expected, got: node.inputs.length },
          src.locate([...path, layer.inputs ? "inputs" : "op"]),
          node.name,
        );
        node.ok = false;
      }
    });
  },
};
