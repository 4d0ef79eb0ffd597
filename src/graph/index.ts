// `trtgen graph` and `emit --graph`: the validated (and lowered) spec as a picture,
// in DOT, SVG or a self-contained HTML report.
import type { Diagnostics } from "../diagnostics/index.js";
import type { Graph } from "../ir/graph.js";
import { escapeControl } from "../ir/limits.js";
import { runPipeline } from "../lower/pipeline.js";
import { toDot } from "./dot.js";
import { GRAPH_MARKER, toHtml, type Picture } from "./html.js";
import { group } from "../ir/summary.js";
import { buildView, collapseChains, type GraphView } from "./model.js";
import { readProfile, type Profile } from "./profile.js";
import { LayoutError, dotToSvg } from "./svg.js";
import { xmlText } from "./escape.js";

/** The formats, as the extension of `trtgen graph -o` names them (src/cli/main.ts). */
export type GraphFormat = "dot" | "svg" | "html";

/**
 * How large a picture Graphviz lays out in seconds: the time of its dot layout grows faster
 * than the number of nodes (on a shared 2-core machine a 1000-node residual network took 4 to
 * 11 s with its edges labelled, 2000 nodes 35 s, or 9 s without edge labels; 3000 overflowed
 * its stack).
 */
export const LAYOUT_LIMITS = {
  /** Nodes up to which the edges are labelled with their shapes. */
  edgeLabels: 1000,
  /** Nodes up to which the picture is drawn (after runs of chained layers are collapsed). */
  nodes: 2000,
} as const;

/** The SVG picture of a view, smaller (chains collapsed, edge labels off) or left out where it is too large to lay out. */
export async function picture(view: GraphView): Promise<Picture> {
  const notes: string[] = [];
  let drawn = view;
  if (drawn.nodes.length > LAYOUT_LIMITS.nodes) {
    drawn = collapseChains(view);
    notes.push(
      `${group(view.nodes.length)} nodes are more than trtgen lays out (${group(LAYOUT_LIMITS.nodes)}): the picture is a collapsed view, each run of chained layers drawn as one node (${group(drawn.nodes.length)} nodes)`,
    );
    if (drawn.nodes.length > LAYOUT_LIMITS.nodes) {
      notes.push(`the collapsed view still has ${group(drawn.nodes.length)} nodes: the picture is left out; the DOT file (-o FILE.dot) has the whole graph`);
      return { notes };
    }
  }
  const edgeLabels = drawn.nodes.length <= LAYOUT_LIMITS.edgeLabels;
  if (!edgeLabels) notes.push(`the edges are not labelled with shapes past ${group(LAYOUT_LIMITS.edgeLabels)} nodes (the nodes show them)`);
  try {
    return { svg: await dotToSvg(toDot(drawn, { edgeLabels })), notes };
  } catch (e) {
    if (!(e instanceof LayoutError)) throw e;
    return { notes: [...notes, `${e.message}: the picture is left out; the DOT file (-o FILE.dot) has the whole graph`] };
  }
}

/** An SVG that says, line by line, why there is no picture. */
function noteSvg(notes: string[]): string {
  const lines = notes.map((n, k) => `<text x="8" y="${20 + 18 * k}" font-family="Helvetica,sans-serif" font-size="13">${xmlText(n)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="${24 + 18 * notes.length}">\n${lines.join("\n")}\n</svg>\n`;
}

/** The file text of a view in a format, and what its picture leaves out. */
export async function renderView(view: GraphView, format: GraphFormat): Promise<{ text: string; notes: string[] }> {
  if (format === "dot") return { text: toDot(view), notes: [] };
  const p = await picture(view);
  if (format === "html") return { text: toHtml(view, p), notes: p.notes };
  return { text: `${GRAPH_MARKER}\n${p.svg ?? noteSvg(p.notes)}`, notes: p.notes };
}

/** The picture of an already loaded graph (emit --graph). */
export function viewOf(graph: Graph, diags: Diagnostics, specLabel: string, profile?: Profile): GraphView {
  return buildView(graph, diags, escapeControl(specLabel), profile);
}

export interface GraphOptions {
  spec: string;
  /** How the spec is named in the file (emit's specLabel). */
  specLabel: string;
  wts?: string;
  allowShortHex?: boolean;
  /** A per-layer profile of an engine run (the builder's `--profile`). */
  profile?: string;
  format: GraphFormat;
}

/**
 * Validates and lowers the spec and renders it. The text comes also when the spec has
 * errors (the failing layers marked), not when the spec or the profile cannot be read.
 */
export async function renderGraph(o: GraphOptions): Promise<{ diags: Diagnostics; text?: string; view?: GraphView; notes?: string[] }> {
  const { graph, diags } = runPipeline(o.spec, { wts: o.wts, allowShortHex: o.allowShortHex, until: "program" });
  const profile = o.profile !== undefined ? readProfile(o.profile, diags) : undefined;
  if (!graph || (o.profile !== undefined && !profile)) return { diags };
  const view = viewOf(graph, diags, o.specLabel, profile);
  return { diags, view, ...(await renderView(view, o.format)) };
}

/** The DOT that test/graph/golden/ holds for an example (`npm run regen`); undefined when the example has errors. */
export async function goldenDot(spec: string, wts: string | undefined): Promise<string | undefined> {
  const r = await renderGraph({ spec, specLabel: spec, wts, format: "dot" });
  return r.diags.hasErrors() ? undefined : r.text;
}
