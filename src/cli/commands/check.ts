import { dumpIR } from "../../ir/dump.js";
import { escapeControl } from "../../ir/limits.js";
import { formatSummaryTable, summarize } from "../../ir/summary.js";
import { runPipeline } from "../../lower/pipeline.js";
import { printDiagnostics } from "../output.js";

export interface CheckArgs {
  spec: string;
  wts?: string;
  deep: boolean;
  allowShortHex?: boolean;
  json: boolean;
  dumpIr: boolean;
}

export function runCheck(a: CheckArgs): number {
  // validation only; --deep also lowers, so that what emit would refuse is reported here too
  const { graph, diags } = runPipeline(a.spec, { wts: a.wts, deep: a.deep, allowShortHex: a.allowShortHex, until: a.deep ? "program" : "graph" });
  const summary = graph ? summarize(graph) : undefined;
  if (a.json) {
    const out = {
      ok: !diags.hasErrors(),
      errors: diags.errorCount,
      warnings: diags.warningCount,
      diagnostics: diags.sorted(),
      ...(summary ? { summary } : {}),
      ...(graph && a.dumpIr ? { ir: dumpIR(graph) } : {}),
    };
    process.stdout.write(JSON.stringify(out, null, 2) + "\n");
    return diags.hasErrors() ? 1 : 0;
  }
  if (graph && a.dumpIr) process.stdout.write(dumpIR(graph));
  else if (summary && !diags.hasErrors()) process.stdout.write(formatSummaryTable(summary));
  printDiagnostics(diags);
  if (!diags.hasErrors())
    process.stdout.write(`${escapeControl(a.spec)}: OK${a.wts ? ` (weights: ${escapeControl(a.wts)}${a.deep ? ", every value checked" : ""})` : ""}\n`);
  return diags.hasErrors() ? 1 : 0;
}
