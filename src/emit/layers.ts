// The C++ of the generated network's layers: network.cpp's `{{layerCode}}`
// (templates/network.cpp.hbs), one block per spec layer and one line per statement
// (custom snippets aside), with clang-format's spacing so that format.ts's
// formatCppBody keeps every line that fits as written. Written here rather than in
// a template: Handlebars took ~0.2 s to render the ~11,000 lines of a 1000-layer
// spec (`npm run bench`, issue 12), this takes a tenth of that. Like the helpers,
// it writes spec text only through cppString and cppComment.
import type { LoweredLayer, Step } from "../lower/types.js";
import { ident, renderCall, renderSetters } from "./helpers.js";
import { cppComment, cppString } from "./namer.js";

function stepCode(s: Step): string {
  switch (s.kind) {
    case "weights":
      return `  const nvinfer1::Weights ${ident(s.var)} = b.${renderCall(s.call)};\n`;
    case "layer": {
      const v = ident(s.var);
      let code = `  auto* ${v} = ${s.call.target === "network" ? "network" : "b"}.${renderCall(s.call)};\n`;
      code += `  if (!b.check(${v}, ${cppString(s.name)})) return b.report(error);\n`;
      for (const setter of renderSetters(s.call)) code += `  ${v}->${setter};\n`;
      return `${code}  nvinfer1::ITensor* ${ident(s.out)} = ${v}->getOutput(0);\n`;
    }
    case "snippet": {
      const out = ident(s.out);
      return `  nvinfer1::ITensor* ${out} = nullptr;
  {
    // custom snippet from the spec; it reads \`inputs[]\` and must set \`output\`
    nvinfer1::ITensor* const inputs[] = { ${s.inputs.map(ident).join(", ")} };
    (void)inputs;
    nvinfer1::ITensor*& output = ${out};
${s.code}
  }
  if (${out} == nullptr) {
    b.fail(${cppString(`layer '${s.name}': the custom snippet did not set 'output'`)});
    return b.report(error);
  }
  b.nameNewLayers(${cppString(s.name)});
`;
    }
  }
}

/** The layers' code: for each layer a blank line, its `// ----` comment and its steps. */
export function layerCode(layers: readonly LoweredLayer[]): string {
  let code = "";
  for (const l of layers) {
    code += `\n  // ---- ${cppComment(l.comment)}\n`;
    for (const s of l.steps) code += stepCode(s);
  }
  return code;
}
