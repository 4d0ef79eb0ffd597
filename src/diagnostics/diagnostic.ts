import { escapeControl } from "../ir/limits.js";
import type { DiagnosticKind, Severity } from "./catalog.js";

/** A place in a source file; line and column are 1-based. */
export interface Location {
  file: string;
  line?: number;
  col?: number;
}

export interface Diagnostic {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  hint?: string;
  location?: Location;
  layer?: string;
}

/** Collects diagnostics so that every problem is reported before exiting. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  report<A>(kind: DiagnosticKind<A>, args: A, location?: Location, layer?: string): Diagnostic {
    const d: Diagnostic = {
      code: kind.code,
      name: kind.name,
      severity: kind.severity,
      // names and values quoted from the input (and the layer named) may hold control characters: never print them raw
      message: escapeControl(kind.message(args)),
    };
    const hint = kind.hint?.(args);
    if (hint !== undefined) d.hint = escapeControl(hint);
    if (location !== undefined) d.location = location;
    if (layer !== undefined) d.layer = escapeControl(layer);
    this.items.push(d);
    return d;
  }

  get errorCount(): number {
    return this.items.filter((d) => d.severity === "error").length;
  }

  get warningCount(): number {
    return this.items.filter((d) => d.severity === "warning").length;
  }

  hasErrors(): boolean {
    return this.errorCount > 0;
  }

  /** Diagnostics in source order (by file, line, column), stable otherwise. */
  sorted(): Diagnostic[] {
    return this.items
      .map((d, i) => ({ d, i }))
      .sort((a, b) => {
        const la = a.d.location;
        const lb = b.d.location;
        if (la && lb) {
          if (la.file !== lb.file) return la.file < lb.file ? -1 : 1;
          const dl = (la.line ?? 0) - (lb.line ?? 0);
          if (dl !== 0) return dl;
          const dc = (la.col ?? 0) - (lb.col ?? 0);
          if (dc !== 0) return dc;
        }
        return a.i - b.i;
      })
      .map((x) => x.d);
  }
}

export function formatLocation(loc: Location): string {
  let s = escapeControl(loc.file);
  if (loc.line !== undefined) {
    s += `:${loc.line}`;
    if (loc.col !== undefined) s += `:${loc.col}`;
  }
  return s;
}

/** `file:line:col: error[E0104 unknown-op]: message` plus an indented hint line. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${formatLocation(d.location)}: ` : "";
  let s = `${where}${d.severity}[${d.code} ${d.name}]: ${d.message}`;
  if (d.hint !== undefined) s += `\n  hint: ${d.hint}`;
  return s;
}

export function formatSummary(diags: Diagnostics): string {
  const e = diags.errorCount;
  const w = diags.warningCount;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(e, "error")}, ${plural(w, "warning")}`;
}
