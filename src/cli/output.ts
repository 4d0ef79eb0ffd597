import { formatDiagnostic, formatSummary, type Diagnostics } from "../diagnostics/index.js";

/** Prints diagnostics in source order to stderr, followed by a count line when there are any. */
export function printDiagnostics(diags: Diagnostics, stream: NodeJS.WritableStream = process.stderr): void {
  for (const d of diags.sorted()) stream.write(formatDiagnostic(d) + "\n");
  if (diags.items.length > 0) stream.write(formatSummary(diags) + "\n");
}

export class UsageError extends Error {}
