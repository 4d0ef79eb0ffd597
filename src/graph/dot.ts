// The view as Graphviz DOT: the format `trtgen graph -o x.dot` writes, the input of
// the SVG layout (svg.ts), and the golden file per example (test/graph/golden/).
// Labels are Graphviz HTML-like labels of escaped text (escape.ts); node ids are
// generated (`n3`), never names, so no name reaches DOT syntax unescaped.
import { fmtShape } from "../ops/types.js";
import { group, human } from "../ir/summary.js";
import { dotLabelText, dotString } from "./escape.js";
import type { GraphView, ViewNode } from "./model.js";

/** Longest name shown in a node (the table and the tooltip show it whole). */
const LABEL_NAME_MAX = 64;
/** Message lines in a failing or warned node, each of at most MESSAGE_WIDTH characters. */
const MESSAGE_LINES = 4;
const MESSAGE_WIDTH = 60;

export const COLORS = {
  border: "#475569",
  input: "#dbeafe",
  output: "#dcfce7",
  layer: "#ffffff",
  custom: "#ede9fe",
  customBorder: "#7c3aed",
  warning: "#fef3c7",
  warningBorder: "#d97706",
  error: "#fee2e2",
  errorBorder: "#dc2626",
  unreached: "#f1f5f9",
  unreachedText: "#64748b",
} as const;

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 3)}...`);

/** Lines of at most `width` characters, broken at spaces where possible; at most `max` lines. */
export function wrap(text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  for (const para of text.split("\n")) {
    let rest = para.trim();
    while (rest.length > 0) {
      let cut = rest.length <= width ? rest.length : rest.lastIndexOf(" ", width);
      if (cut <= 0) cut = Math.min(width, rest.length);
      lines.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
    }
  }
  return lines.length <= max ? lines : [...lines.slice(0, max - 1), `${lines[max - 1]!.slice(0, width - 3)}...`];
}

/** The fill of a node by its share of the engine's time, relative to the largest: white to orange. */
export function heatColor(share: number, maxShare: number): string {
  const t = maxShare > 0 ? Math.min(1, share / maxShare) : 0;
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  const [r, g, b] = [mix(0xff, 0xea), mix(0xf7, 0x58), mix(0xed, 0x0c)];
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

export const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;

function label(n: ViewNode, view: GraphView): string {
  const small = (s: string) => `<font point-size="9">${dotLabelText(s)}</font>`;
  const lines = [`<b>${dotLabelText(clip(n.name, LABEL_NAME_MAX))}</b>`];
  if (n.kind === "layer") {
    lines.push(small([n.op, n.custom ? "(custom)" : "", n.details].filter(Boolean).join(" ")));
    lines.push(dotLabelText(n.shape ? fmtShape(n.shape) : "?"));
    const cost = [n.params ? `${human(n.params)} params` : "", n.macs ? `${human(n.macs)} MACs` : ""].filter(Boolean).join(", ");
    if (cost) lines.push(small(cost));
    if (n.time && view.profile) lines.push(`<b>${dotLabelText(`${n.time.ms.toFixed(3)} ms, ${percent(n.time.share)}`)}</b>`);
  } else {
    lines.push(small(n.kind === "input" ? `input ${n.details}` : "output"));
    if (n.kind === "input") lines.push(dotLabelText(n.shape ? fmtShape(n.shape) : "?"));
  }
  if (n.note !== undefined && (n.status === "error" || n.status === "warning")) {
    const color = n.status === "error" ? COLORS.errorBorder : COLORS.warningBorder;
    for (const l of wrap(n.note, MESSAGE_WIDTH, MESSAGE_LINES)) lines.push(`<font color="${color}" point-size="9">${dotLabelText(l)}</font>`);
    if (n.messages.length > 1) lines.push(`<font color="${color}" point-size="9">(${n.messages.length - 1} more)</font>`);
  }
  return `<${lines.join("<br/>")}>`;
}

function attributes(n: ViewNode, view: GraphView): string {
  const a: Record<string, string> = { id: dotString(n.id), label: label(n, view) };
  let fill: string = n.kind === "input" ? COLORS.input : n.kind === "output" ? COLORS.output : n.custom ? COLORS.custom : COLORS.layer;
  if (n.kind !== "layer") a.shape = "ellipse";
  if (n.custom) a.color = dotString(COLORS.customBorder);
  if (n.time && view.profile) fill = heatColor(n.time.share, view.profile.maxShare);
  if (n.status === "warning") {
    a.color = dotString(COLORS.warningBorder);
    a.penwidth = "2";
    if (!view.profile) fill = COLORS.warning;
  } else if (n.status === "error") {
    a.color = dotString(COLORS.errorBorder);
    a.penwidth = "3";
    fill = COLORS.error;
  } else if (n.status === "unreached") {
    a.style = dotString("rounded,dashed,filled");
    a.fontcolor = dotString(COLORS.unreachedText);
    fill = COLORS.unreached;
  }
  if (n.isOutput && n.kind === "layer") a.peripheries = "2";
  a.fillcolor = dotString(fill);
  const tip = [n.name, ...(n.kind === "layer" ? [`${n.op} ${n.details}`.trim()] : []), ...n.messages].join("\n");
  a.tooltip = dotString(tip.replace(/\n/g, " | "));
  return Object.entries(a)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

/** The view as DOT text (deterministic: same view, same bytes). */
export function toDot(view: GraphView, opts: { edgeLabels?: boolean } = {}): string {
  const edgeLabels = opts.edgeLabels ?? true;
  const title = [
    `<b>${dotLabelText(view.name)}</b>`,
    dotLabelText(
      `${group(view.layers)} layers, ${human(view.totalParams)} params, ${human(view.totalMacs)} MACs` +
        (view.errors ? `, ${view.errors} error${view.errors === 1 ? "" : "s"}` : "") +
        (view.warnings ? `, ${view.warnings} warning${view.warnings === 1 ? "" : "s"}` : ""),
    ),
  ];
  if (view.profile)
    title.push(dotLabelText(`${view.profile.engine}, ${view.profile.trtVersion}, ${view.profile.precision}, ${view.profile.totalMs.toFixed(3)} ms`));
  const out = [
    // the spec path without control characters (escapeControl in the view's caller), so it stays on this line
    `// Code generated by trtgen graph from ${view.spec}. DO NOT EDIT.`,
    "digraph trtgen {",
    `  graph [id="graph0", rankdir=TB, fontname="Helvetica", fontsize=12, labelloc=t, label=<${title.join("<br/>")}>];`,
    `  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11, color="${COLORS.border}", fillcolor="${COLORS.layer}"];`,
    `  edge [fontname="Helvetica", fontsize=9, color="${COLORS.border}", fontcolor="${COLORS.border}"];`,
  ];
  for (const n of view.nodes) out.push(`  ${n.id} [${attributes(n, view)}];`);
  for (const e of view.edges) out.push(edgeLabels ? `  ${e.from} -> ${e.to} [label=${dotString(e.label)}];` : `  ${e.from} -> ${e.to};`);
  out.push("}");
  return out.join("\n") + "\n";
}
