// `trtgen graph` and `emit --graph`: the validated (and lowered) spec as a picture,
// in DOT, SVG or a self-contained HTML report.
import type { Diagnostics } from "../diagnostics/index.js";
import type { Graph } from "../ir/graph.js";
import { escapeControl } from "../ir/limits.js";
import { runPipeline } from "../lower/pipeline.js";
import { toDot } from "./dot.js";
import { GRAPH_MARKER, toHtml } from "./html.js";
import { buildView, type GraphView } from "./model.js";
import { readProfile, type Profile } from "./profile.js";
import { dotToSvg } from "./svg.js";

export const GRAPH_FORMATS = ["dot", "svg", "html"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** The file text of a view in a format. */
export async function renderView(view: GraphView, format: GraphFormat): Promise<string> {
  const dot = toDot(view);
  if (format === "dot") return dot;
  const svg = await dotToSvg(dot);
  return format === "svg" ? `${GRAPH_MARKER}\n${svg}` : toHtml(view, svg);
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
export async function renderGraph(o: GraphOptions): Promise<{ diags: Diagnostics; text?: string; view?: GraphView }> {
  const { graph, diags } = runPipeline(o.spec, { wts: o.wts, allowShortHex: o.allowShortHex, until: "program" });
  const profile = o.profile !== undefined ? readProfile(o.profile, diags) : undefined;
  if (!graph || (o.profile !== undefined && !profile)) return { diags };
  const view = viewOf(graph, diags, o.specLabel, profile);
  return { diags, view, text: await renderView(view, o.format) };
}

/** The DOT that test/graph/golden/ holds for an example (`npm run regen`); undefined when the example has errors. */
export async function goldenDot(spec: string, wts: string | undefined): Promise<string | undefined> {
  const r = await renderGraph({ spec, specLabel: spec, wts, format: "dot" });
  return r.diags.hasErrors() ? undefined : r.text;
}
