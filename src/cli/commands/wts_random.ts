import { Diag } from "../../diagnostics/index.js";
import { checkOutputFile, describeError } from "../../io/output.js";
import { loadGraph } from "../../passes/index.js";
import type { BoundWeight } from "../../ir/graph.js";
import { rng, writeWts } from "../../weights/write.js";
import { escapeBytes, wtsNameProblem } from "../../weights/wts.js";
import { printDiagnostics } from "../output.js";

export interface WtsRandomArgs {
  spec: string;
  output: string;
  seed: number;
  /** Replaces the file writes (tests simulate a full disk with it). */
  write?: (fd: number, text: string) => void;
}

/** Deterministic random weights matching the spec; BatchNorm variances and scales stay positive. */
export function runWtsRandom(a: WtsRandomArgs): number {
  const { graph, diags } = loadGraph(a.spec);
  if (!graph || diags.hasErrors()) {
    printDiagnostics(diags);
    return 1;
  }
  const problem = checkOutputFile(a.output);
  if (problem) {
    diags.report(Diag.outputPath, { ...problem, what: "weights file" }, { file: problem.path });
    printDiagnostics(diags);
    return 1;
  }
  // One line per tensor: a tensor shared by several layers (docs/spec.md) is written once.
  const tensors: BoundWeight[] = [];
  const first = new Map<string, { w: BoundWeight; layer: string }>();
  for (const node of graph.nodes) {
    for (const w of node.weights) {
      const seen = first.get(w.tensor);
      if (seen === undefined) {
        const bytes = Buffer.from(w.tensor, "utf8");
        const bad = wtsNameProblem(bytes);
        if (bad)
          diags.report(Diag.wtsRandomTensor, { tensor: escapeBytes(bytes), reason: bad.reason.replace(/^tensor name /, "its name ") }, node.loc, node.name);
        first.set(w.tensor, { w, layer: node.name });
        tensors.push(w);
      } else if (seen.w.count !== w.count) {
        diags.report(
          Diag.wtsRandomTensor,
          { tensor: w.tensor, reason: `layer '${node.name}' needs ${w.count} values but layer '${seen.layer}' ${seen.w.count}` },
          node.loc,
          node.name,
        );
      }
    }
  }
  if (diags.hasErrors()) {
    printDiagnostics(diags);
    return 1;
  }
  const next = rng(a.seed);
  const gen = function* () {
    for (const w of tensors) {
      const v = new Float32Array(w.count);
      const fanIn = w.shape.length > 1 ? w.count / w.shape[0]! : 1;
      const bound = 1 / Math.sqrt(fanIn);
      const positive = w.role === "running_var" || (w.role === "weight" && w.shape.length === 1);
      for (let i = 0; i < v.length; i++) {
        const u = next();
        v[i] = positive ? 0.5 + u : (2 * u - 1) * bound;
      }
      yield { name: w.tensor, values: v };
    }
  };
  try {
    writeWts(a.output, gen(), tensors.length, a.write);
  } catch (e) {
    diags.report(Diag.fileWrite, { path: a.output, what: "weights file", reason: `${describeError(e)}; nothing was written` }, { file: a.output });
    printDiagnostics(diags);
    return 1;
  }
  printDiagnostics(diags);
  process.stdout.write(`wrote ${a.output}: ${tensors.length} tensors, ${tensors.reduce((s, w) => s + w.count, 0)} values (seed ${a.seed})\n`);
  return 0;
}
