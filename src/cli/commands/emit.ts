import { Diag } from "../../diagnostics/index.js";
import { diffFolder, generate, writeFolder } from "../../emit/emit.js";
import { printDiagnostics } from "../output.js";

export interface EmitArgs {
  spec: string;
  wts?: string;
  allowShortHex?: boolean;
  output: string;
  check: boolean;
  foldBn?: boolean;
  allowTodo?: boolean;
  graph?: "html" | "svg";
}

export async function runEmit(a: EmitArgs): Promise<number> {
  const { diags, files } = await generate({
    spec: a.spec,
    wts: a.wts,
    allowShortHex: a.allowShortHex,
    foldBn: a.foldBn,
    allowTodo: a.allowTodo,
    graph: a.graph,
  });
  if (!files) {
    printDiagnostics(diags);
    return 1;
  }
  if (a.check) {
    const drift = diffFolder(a.output, files);
    for (const d of drift) diags.report(Diag.emitDrift, d, { file: d.path });
    printDiagnostics(diags);
    if (drift.length === 0) process.stdout.write(`${a.output}: up to date (${files.size} files)\n`);
    return diags.hasErrors() ? 1 : 0;
  }
  const changed = writeFolder(a.output, files, diags);
  printDiagnostics(diags);
  if (diags.hasErrors()) return 1;
  process.stdout.write(`${a.output}: ${changed.length} of ${files.size} files written${changed.length ? "" : " (all up to date)"}\n`);
  return 0;
}
