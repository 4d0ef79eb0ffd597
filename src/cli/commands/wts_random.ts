import { Diag } from "../../diagnostics/index.js";
import { checkOutputFile, describeError } from "../../io/output.js";
import { loadGraph } from "../../passes/index.js";
import { rng, writeWts } from "../../weights/write.js";
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
  const tensors = graph.nodes.flatMap((n) => n.weights);
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
