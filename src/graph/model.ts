// The picture's content, computed once from the validated graph and its diagnostics
// (and a profile), for the DOT, SVG and HTML writers: one node per network input,
// spec layer and network output, one edge per tensor a layer reads. Every text is
// shown as messages show it (escapeControl); the writers escape it for their format.
import type { Diagnostic, Diagnostics } from "../diagnostics/index.js";
import { formatDiagnostic } from "../diagnostics/index.js";
import type { Graph } from "../ir/graph.js";
import { escapeControl } from "../ir/limits.js";
import { group, summarize } from "../ir/summary.js";
import { fmtShape } from "../ops/types.js";
import { mapProfile, type LayerTime, type Profile } from "./profile.js";

export type NodeKind = "input" | "layer" | "output";

/** ok; warned about; failed (a diagnostic error); not reached (an earlier layer failed, so no shape). */
export type NodeStatus = "ok" | "warning" | "error" | "unreached";

export interface ViewWeight {
  tensor: string;
  shape: number[];
  /** Line of the tensor in the .wts, when checked against one. */
  line?: number;
}

export interface ViewNode {
  /** DOT node id and SVG element id: `i<k>` (inputs), `n<k>` (layers), `o<k>` (outputs). */
  id: string;
  kind: NodeKind;
  name: string;
  op: string;
  /** Key parameters, e.g. `k=5 s=2 p=2`. */
  details: string;
  shape: number[] | null;
  params: number;
  macs: number;
  weights: ViewWeight[];
  custom: boolean;
  /** A layer that is a network output. */
  isOutput: boolean;
  status: NodeStatus;
  /** The diagnostics about this node, formatted as `check` prints them. */
  messages: string[];
  /** The first of them without its place, for the picture: `E0111 missing-input: ...`. */
  note?: string;
  time?: LayerTime;
}

export interface ViewEdge {
  from: string;
  to: string;
  /** The tensor's shape, `?` when unknown. */
  label: string;
}

export interface ViewProfile {
  trtVersion: string;
  precision: string;
  engine: string;
  iterations: number;
  totalMs: number;
  /** The largest share of a single spec layer (colours are relative to it). */
  maxShare: number;
  unmapped: { name: string; ms: number; share: number }[];
}

export interface GraphView {
  name: string;
  /** The spec file as given (for the generated-file header). */
  spec: string;
  nodes: ViewNode[];
  edges: ViewEdge[];
  layers: number;
  totalParams: number;
  totalMacs: number;
  errors: number;
  warnings: number;
  /** Diagnostics that name no node (e.g. about the .wts or the spec as a whole). */
  messages: string[];
  profile?: ViewProfile;
}

const shapeText = (s: number[] | null | undefined): string => (s ? fmtShape(s) : "?");

/** The view of a loaded graph; `diags` are everything loading (and lowering) reported. */
export function buildView(graph: Graph, diags: Diagnostics, spec: string, profile?: Profile): GraphView {
  const summary = summarize(graph);
  const nodes: ViewNode[] = [];
  /** Raw name → node id of what produces the tensor (the first definition when names repeat). */
  const producer = new Map<string, ViewNode>();
  const byShown = new Map<string, ViewNode>();
  const rows = summary.rows;
  const outputs = new Set(graph.outputs.map((o) => o.name));
  graph.inputs.forEach((inp, k) => {
    const r = rows[k]!;
    const n: ViewNode = {
      id: `i${k}`,
      kind: "input",
      name: r.name,
      op: "input",
      details: r.details,
      shape: r.outputShape,
      params: 0,
      macs: 0,
      weights: [],
      custom: false,
      isOutput: false,
      status: "ok",
      messages: [],
    };
    nodes.push(n);
    if (!producer.has(inp.name)) producer.set(inp.name, n);
  });
  graph.nodes.forEach((node, k) => {
    const r = rows[graph.inputs.length + k]!;
    const n: ViewNode = {
      id: `n${k}`,
      kind: "layer",
      name: r.name,
      op: r.op,
      details: r.details,
      shape: r.outputShape,
      params: r.params,
      macs: r.macs,
      weights: node.weights.map((w) => ({ tensor: escapeControl(w.tensor), shape: w.shape, ...(w.line !== undefined ? { line: w.line } : {}) })),
      custom: node.op.name === "custom",
      isOutput: outputs.has(node.name),
      status: node.shape ? "ok" : "unreached",
      messages: [],
    };
    nodes.push(n);
    if (!producer.has(node.name)) producer.set(node.name, n);
    if (!byShown.has(n.name)) byShown.set(n.name, n);
  });
  graph.outputs.forEach((o, k) => {
    const from = producer.get(o.name);
    nodes.push({
      id: `o${k}`,
      kind: "output",
      name: escapeControl(o.name),
      op: "output",
      details: "",
      shape: from?.shape ?? null,
      params: 0,
      macs: 0,
      weights: [],
      custom: false,
      isOutput: true,
      status: "ok",
      messages: [],
    });
  });

  const edges: ViewEdge[] = [];
  graph.nodes.forEach((node, k) => {
    for (const i of node.inputs) {
      const from = producer.get(i);
      if (from) edges.push({ from: from.id, to: `n${k}`, label: shapeText(from.shape) });
    }
  });
  graph.outputs.forEach((o, k) => {
    const from = producer.get(o.name);
    if (from) edges.push({ from: from.id, to: `o${k}`, label: shapeText(from.shape) });
  });

  // diagnostics: onto the layer they name, or the input/output at their place, else the page
  const atPlace = (d: Diagnostic): ViewNode | undefined => {
    if (d.layer !== undefined) return byShown.get(d.layer);
    const loc = d.location;
    if (!loc || loc.line === undefined) return undefined;
    const same = (l: { file: string; line?: number; col?: number }) => l.file === loc.file && l.line === loc.line && l.col === loc.col;
    const ki = graph.inputs.findIndex((i) => same(i.loc));
    if (ki >= 0) return nodes[ki];
    const ko = graph.outputs.findIndex((o) => same(o.loc));
    return ko >= 0 ? nodes.find((n) => n.id === `o${ko}`) : undefined;
  };
  const messages: string[] = [];
  for (const d of diags.sorted()) {
    const n = atPlace(d);
    const text = formatDiagnostic(d);
    if (!n) {
      messages.push(text);
      continue;
    }
    n.messages.push(text);
    // the picture shows the node's first error, else its first warning
    const note = `${d.code} ${d.name}: ${d.message}`;
    if (d.severity === "error") {
      if (n.status !== "error") n.note = note;
      n.status = "error";
    } else {
      n.note ??= note;
      if (n.status !== "error") n.status = "warning";
    }
  }

  let viewProfile: ViewProfile | undefined;
  if (profile) {
    const mapping = mapProfile(
      profile,
      nodes.filter((n) => n.kind === "layer").map((n) => n.name),
    );
    let maxShare = 0;
    for (const n of nodes) {
      const t = n.kind === "layer" ? mapping.layers.get(n.name) : undefined;
      if (t) {
        n.time = t;
        maxShare = Math.max(maxShare, t.share);
      }
    }
    viewProfile = {
      trtVersion: escapeControl(profile.tensorrt),
      precision: escapeControl(profile.precision),
      engine: escapeControl(profile.engine),
      iterations: profile.iterations,
      totalMs: profile.totalMs,
      maxShare,
      unmapped: mapping.unmapped,
    };
  }

  return {
    name: summary.name,
    spec,
    nodes,
    edges,
    layers: graph.nodes.length,
    totalParams: summary.totalParams,
    totalMacs: summary.totalMacs,
    errors: diags.errorCount,
    warnings: diags.warningCount,
    messages,
    ...(viewProfile ? { profile: viewProfile } : {}),
  };
}

const WORST: NodeStatus[] = ["ok", "unreached", "warning", "error"];

/**
 * The view with every run of two or more layers that form a chain (each the only reader
 * of the one before, which it alone reads) drawn as one node named by its first and last
 * layer, with their parameters, MACs and time summed. For pictures too large to lay out.
 */
export function collapseChains(view: GraphView): GraphView {
  const inDeg = new Map<string, number>();
  const outDeg = new Map<string, number>();
  for (const e of view.edges) {
    outDeg.set(e.from, (outDeg.get(e.from) ?? 0) + 1);
    inDeg.set(e.to, (inDeg.get(e.to) ?? 0) + 1);
  }
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const next = new Map<string, string>();
  const hasPrev = new Set<string>();
  for (const e of view.edges) {
    if (byId.get(e.from)!.kind === "layer" && byId.get(e.to)!.kind === "layer" && outDeg.get(e.from) === 1 && inDeg.get(e.to) === 1) {
      next.set(e.from, e.to);
      hasPrev.add(e.to);
    }
  }
  const runOf = new Map<string, string>();
  const nodes: ViewNode[] = [];
  for (const n of view.nodes) {
    if (hasPrev.has(n.id)) continue; // inside a run, merged into its first node
    if (!next.has(n.id)) {
      nodes.push(n);
      continue;
    }
    const run = [n];
    for (let id = next.get(n.id); id !== undefined; id = next.get(id)) run.push(byId.get(id)!);
    for (const r of run) runOf.set(r.id, n.id);
    const last = run[run.length - 1]!;
    const sum = (f: (m: ViewNode) => number) => run.reduce((a, m) => a + f(m), 0);
    const timed = run.some((m) => m.time);
    nodes.push({
      ...n,
      name: `${n.name} ... ${last.name}`,
      op: `${group(run.length)} layers in a chain`,
      details: "",
      shape: last.shape,
      params: sum((m) => m.params),
      macs: sum((m) => m.macs),
      weights: run.flatMap((m) => m.weights),
      custom: run.some((m) => m.custom),
      isOutput: last.isOutput,
      status: run.reduce<NodeStatus>((a, m) => (WORST.indexOf(m.status) > WORST.indexOf(a) ? m.status : a), "ok"),
      messages: run.flatMap((m) => m.messages),
      ...(run.find((m) => m.note !== undefined) ? { note: run.find((m) => m.note !== undefined)!.note } : {}),
      ...(timed ? { time: { ms: sum((m) => m.time?.ms ?? 0), share: sum((m) => m.time?.share ?? 0) } } : {}),
    });
  }
  const at = (id: string) => runOf.get(id) ?? id;
  const edges = view.edges.filter((e) => at(e.from) !== at(e.to)).map((e) => ({ ...e, from: at(e.from), to: at(e.to) }));
  const maxShare = Math.max(0, ...nodes.map((n) => n.time?.share ?? 0));
  return { ...view, nodes, edges, ...(view.profile ? { profile: { ...view.profile, maxShare } } : {}) };
}
