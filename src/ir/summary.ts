import { fmtShape, product } from "../ops/types.js";
import type { Graph } from "./graph.js";
import { escapeControl } from "./limits.js";

export interface LayerRow {
  name: string;
  op: string;
  inputs: string[];
  inputShapes: number[][];
  outputShape: number[] | null;
  /** Dynamic shapes: per output dimension, its smallest and largest extent over the profile shapes. */
  outputRange?: [number, number][];
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
  /** Dynamic shapes: the inputs' and outputs' shapes at each profile's min, opt and max. */
  points?: { profile: number; key: string; inputs: { name: string; shape: number[] }[]; outputs: { name: string; shape: number[] }[] }[];
}

/** Per dimension, the smallest and largest extent of the shapes (all of one rank). */
const rangeOf = (shapes: readonly number[][]): [number, number][] =>
  shapes[0]!.map((_d, j) => [Math.min(...shapes.map((s) => s[j]!)), Math.max(...shapes.map((s) => s[j]!))]);

/** The summary of a graph; names, op names and details are shown as messages show them (escapeControl), never with raw control characters. */
export function summarize(g: Graph): Summary {
  const rows: LayerRow[] = [];
  for (const i of g.inputs) {
    const pts = i.dims && i.shape ? g.points.map((p) => p.shapes.get(i.name)!) : undefined;
    rows.push({
      name: escapeControl(i.name),
      op: "input",
      inputs: [],
      inputShapes: [],
      outputShape: i.shape ?? null,
      ...(pts ? { outputRange: rangeOf(pts) } : {}),
      params: 0,
      macs: 0,
      details: i.dtype,
    });
  }
  for (const n of g.nodes) {
    const ok = n.shape !== undefined && n.inputShapes !== undefined && n.params !== undefined;
    rows.push({
      name: escapeControl(n.name),
      op: escapeControl(n.op.name),
      inputs: n.inputs.map(escapeControl),
      inputShapes: n.inputShapes ?? [],
      outputShape: n.shape ?? null,
      ...(n.dynamic ? { outputRange: rangeOf(n.dynamic.points) } : {}),
      params: n.weights.reduce((a, w) => a + w.count, 0),
      macs: ok ? (n.op.macs?.(n.inputShapes!, n.params, n.shape!) ?? 0) : 0,
      details: ok ? escapeControl(n.op.describe?.(n.params) ?? "") : "",
    });
  }
  const shapes = new Map(rows.map((r) => [r.name, r.outputShape]));
  // dynamic shapes: every input's and output's shape at each profile point, once all are known
  const outs = g.outputs.map((o) => g.nodes.find((n) => n.name === o.name)?.dynamic);
  const complete = outs.every((d) => d !== undefined) && g.inputs.every((i) => i.shape);
  const points =
    g.points.length > 0 && complete
      ? g.points.map((p, k) => ({
          profile: p.profile,
          key: p.key,
          inputs: g.inputs.map((i) => ({ name: escapeControl(i.name), shape: p.shapes.get(i.name) ?? i.shape! })),
          outputs: g.outputs.map((o, j) => ({ name: escapeControl(o.name), shape: outs[j]!.points[k]! })),
        }))
      : undefined;
  return {
    name: escapeControl(g.name),
    rows,
    totalParams: rows.reduce((a, r) => a + r.params, 0),
    totalMacs: rows.reduce((a, r) => a + r.macs, 0),
    outputs: g.outputs.map((o) => ({ name: escapeControl(o.name), shape: shapes.get(escapeControl(o.name)) ?? null })),
    ...(points ? { points } : {}),
  };
}

/** `n` with thousands separators, as `toLocaleString("en-US")` writes it; without ICU for whole numbers, whose Intl set-up costs `check` ~10 ms at start-up and ~10 µs a row. */
export const group = (n: number): string => (Number.isSafeInteger(n) && n >= 0 ? String(n).replace(/\B(?=(\d{3})+$)/g, ",") : n.toLocaleString("en-US"));
/** `1.23 M` */
export const human = (n: number): string =>
  n >= 1e9 ? `${(n / 1e9).toFixed(2)} G` : n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(2)} K` : `${n}`;
const shp = (s: number[] | null) => (s ? fmtShape(s) : "?");
/** A dynamic shape: `[1..16, 3, 224, 224]`. */
const rng = (r: [number, number][]) => `[${r.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}..${hi}`)).join(", ")}]`;
const rowShape = (r: LayerRow) => (r.outputRange ? rng(r.outputRange) : shp(r.outputShape));

/** torchsummary-like table. */
export function formatSummaryTable(s: Summary): string {
  const header = ["Layer", "Op", "Input shape", "Output shape", "Params", "Details"];
  const byName = new Map(s.rows.map((r) => [r.name, r]));
  const body = s.rows.map((r) => [
    r.name,
    r.op,
    r.op === "input"
      ? "-"
      : r.inputShapes.length
        ? r.inputs.map((i, k) => (byName.get(i)?.outputRange ? rowShape(byName.get(i)!) : shp(r.inputShapes[k]!))).join(" + ")
        : "?",
    rowShape(r),
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
  lines.push(`Total MACs: ${group(s.totalMacs)} (${human(s.totalMacs)})${s.points ? " at profile 0 opt" : ""}`);
  if (!s.points) for (const o of s.outputs) lines.push(`Output ${o.name}: ${shp(o.shape)}${o.shape ? ` (${group(product(o.shape))} values)` : ""}`);
  const order = (p: { profile: number; key: string }) => p.profile * 3 + ["min", "opt", "max"].indexOf(p.key);
  const io = (t: { name: string; shape: number[] }) => `${t.name} ${fmtShape(t.shape)}`;
  for (const p of [...(s.points ?? [])].sort((a, b) => order(a) - order(b))) {
    lines.push(`Profile ${p.profile} ${p.key}: ${p.inputs.map(io).join(", ")} -> ${p.outputs.map(io).join(", ")}`);
  }
  return lines.join("\n") + "\n";
}
