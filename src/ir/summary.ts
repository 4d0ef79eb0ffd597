import { fmtShape, product } from "../ops/types.js";
import type { Graph } from "./graph.js";
import { escapeControl } from "./limits.js";

export interface LayerRow {
  name: string;
  op: string;
  inputs: string[];
  inputShapes: number[][];
  outputShape: number[] | null;
  params: number;
  macs: number;
  details: string;
}

export interface Summary {
  name: string;
  rows: LayerRow[];
  totalParams: number;
  totalMacs: number;
  outputs: { name: string; shape: number[] | null }[];
}

/** The summary of a graph; names, op names and details are shown as messages show them (escapeControl), never with raw control characters. */
export function summarize(g: Graph): Summary {
  const rows: LayerRow[] = [];
  for (const i of g.inputs)
    rows.push({ name: escapeControl(i.name), op: "input", inputs: [], inputShapes: [], outputShape: i.shape ?? null, params: 0, macs: 0, details: i.dtype });
  for (const n of g.nodes) {
    const ok = n.shape !== undefined && n.inputShapes !== undefined && n.params !== undefined;
    rows.push({
      name: escapeControl(n.name),
      op: escapeControl(n.op.name),
      inputs: n.inputs.map(escapeControl),
      inputShapes: n.inputShapes ?? [],
      outputShape: n.shape ?? null,
      params: n.weights.reduce((a, w) => a + w.count, 0),
      macs: ok ? (n.op.macs?.(n.inputShapes!, n.params, n.shape!) ?? 0) : 0,
      details: ok ? escapeControl(n.op.describe?.(n.params) ?? "") : "",
    });
  }
  const shapes = new Map(rows.map((r) => [r.name, r.outputShape]));
  return {
    name: escapeControl(g.name),
    rows,
    totalParams: rows.reduce((a, r) => a + r.params, 0),
    totalMacs: rows.reduce((a, r) => a + r.macs, 0),
    outputs: g.outputs.map((o) => ({ name: escapeControl(o.name), shape: shapes.get(escapeControl(o.name)) ?? null })),
  };
}

/** `n` with thousands separators, as `toLocaleString("en-US")` writes it; without ICU for whole numbers, whose Intl set-up costs `check` ~10 ms at start-up and ~10 µs a row. */
export const group = (n: number): string => (Number.isSafeInteger(n) && n >= 0 ? String(n).replace(/\B(?=(\d{3})+$)/g, ",") : n.toLocaleString("en-US"));
/** `1.23 M` */
export const human = (n: number): string =>
  n >= 1e9 ? `${(n / 1e9).toFixed(2)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(2)} K` : `${n}`;
const shp = (s: number[] | null) => (s ? fmtShape(s) : "?");

/** torchsummary-like table. */
export function formatSummaryTable(s: Summary): string {
  const header = ["Layer", "Op", "Input shape", "Output shape", "Params", "Details"];
  const body = s.rows.map((r) => [
    r.name,
    r.op,
    r.op === "input" ? "-" : r.inputShapes.length ? r.inputShapes.map(shp).join(" + ") : "?",
    shp(r.outputShape),
    r.params ? group(r.params) : "0",
    r.details,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const fmt = (row: string[]) =>
    row
      .map((cell, c) => (c === 4 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join("  ")
      .trimEnd();
  const rule = "-".repeat(widths.reduce((a, w) => a + w + 2, -2));
  const lines = [`Network: ${s.name}`, rule, fmt(header), rule, ...body.map(fmt), rule];
  lines.push(`Total params: ${group(s.totalParams)} (${((s.totalParams * 4) / 2 ** 20).toFixed(2)} MiB as float32)`);
  lines.push(`Total MACs: ${group(s.totalMacs)} (${human(s.totalMacs)})`);
  for (const o of s.outputs) lines.push(`Output ${o.name}: ${shp(o.shape)}${o.shape ? ` (${group(product(o.shape))} values)` : ""}`);
  return lines.join("\n") + "\n";
}
