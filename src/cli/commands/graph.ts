import { Diag } from "../../diagnostics/index.js";
import { specLabel } from "../../emit/emit.js";
import { renderGraph, type GraphFormat } from "../../graph/index.js";
import { checkOutputFile, describeError, writeFileAtomically, type WriteIO } from "../../io/output.js";
import { escapeControl } from "../../ir/limits.js";
import { printDiagnostics } from "../output.js";

export interface GraphArgs {
  spec: string;
  wts?: string;
  allowShortHex?: boolean;
  profile?: string;
  output: string;
  format: GraphFormat;
  /** Replaces the file write (tests simulate a full disk with it). */
  io?: WriteIO;
}

/** Writes the picture of a spec; exit 1 when the spec has errors (the picture is written all the same, marking them). */
export async function runGraph(a: GraphArgs): Promise<number> {
  const problem = checkOutputFile(a.output);
  const r = await renderGraph({ spec: a.spec, specLabel: specLabel(a.spec), wts: a.wts, allowShortHex: a.allowShortHex, profile: a.profile, format: a.format });
  const { diags, view } = r;
  let text = r.text;
  if (text !== undefined && problem) {
    diags.report(Diag.outputPath, { ...problem, what: "graph file" }, { file: problem.path });
    text = undefined;
  }
  if (text !== undefined) {
    try {
      writeFileAtomically(a.output, text, a.io);
    } catch (e) {
      diags.report(Diag.fileWrite, { path: a.output, what: "graph file", reason: `${describeError(e)}; nothing was written` }, { file: a.output });
      text = undefined;
    }
  }
  printDiagnostics(diags);
  if (text !== undefined) for (const n of r.notes ?? []) process.stderr.write(`note: ${n}\n`);
  if (text !== undefined && view) {
    const failed = diags.hasErrors() ? ` with ${diags.errorCount} error${diags.errorCount === 1 ? "" : "s"} marked` : "";
    process.stdout.write(`wrote ${escapeControl(a.output)}: ${view.layers} layers${failed}${view.profile ? `, profile of ${view.profile.engine}` : ""}\n`);
  }
  return diags.hasErrors() || text === undefined ? 1 : 0;
}
