import { formatDiagnostic, formatSummary, type Diagnostics } from "../diagnostics/index.js";

/** Prints diagnostics in source order to stderr, followed by a count line when there are any. */
export function printDiagnostics(diags: Diagnostics, stream?: NodeJS.WritableStream): void {
  if (diags.items.length === 0) return; // without touching process.stderr, which sets up a stream
  const out = stream ?? process.stderr;
  for (const d of diags.sorted()) out.write(formatDiagnostic(d) + "\n");
  out.write(formatSummary(diags) + "\n");
}

export class UsageError extends Error {}
