import { Diag, type Diagnostics } from "../diagnostics/index.js";
import { CppNamer } from "../emit/namer.js";
import type { Graph } from "../ir/graph.js";
import { LowerError, fmtShape } from "../ops/types.js";
import { FEATURES, specOf, type Feature } from "./catalog.js";
import { LowerContext } from "./context.js";
import type { LoweredLayer, LoweredProgram, RequiredWeight } from "./types.js";

export interface LowerOptions {
  /** Fold each batch_norm2d into the conv2d before it (when nothing else reads the convolution). */
  foldBn?: boolean;
}

/** conv2d → batch_norm2d pairs that can be folded: BN layer name → conv layer name. */
function foldablePairs(g: Graph): Map<string, string> {
  const pairs = new Map<string, string>();
  const readers = new Map<string, number>();
  for (const n of g.nodes) for (const i of n.inputs) readers.set(i, (readers.get(i) ?? 0) + 1);
  const outputs = new Set(g.outputs.map((o) => o.name));
  const byName = new Map(g.nodes.map((n) => [n.name, n]));
  for (const n of g.nodes) {
    if (n.op.name !== "batch_norm2d") continue;
    const conv = byName.get(n.inputs[0]!);
    if (conv?.op.name === "conv2d" && readers.get(conv.name) === 1 && !outputs.has(conv.name)) pairs.set(n.name, conv.name);
  }
  return pairs;
}

/** Lowers a validated graph (no errors) to TensorRT calls as data. */
export function lowerGraph(g: Graph, diags: Diagnostics, opts: LowerOptions = {}): LoweredProgram | undefined {
  const namer = new CppNamer();
  const vars = new Map<string, string>();
  const inputs = g.inputs.map((i) => {
    const v = namer.name(i.name);
    vars.set(i.name, v);
    return { name: i.name, var: v, dtype: i.dtype, shape: i.shape! };
  });
  const weights: RequiredWeight[] = [];
  const seen = new Set<string>();
  for (const n of g.nodes) {
    for (const w of n.weights) {
      if (!seen.has(w.tensor)) {
        seen.add(w.tensor);
        weights.push({ tensor: w.tensor, count: w.count });
      }
    }
  }
  const layers: LoweredLayer[] = [];
  let failed = false;
  const folded = opts.foldBn ? foldablePairs(g) : new Map<string, string>();
  const foldInto = new Map([...folded].map(([bn, conv]) => [conv, bn]));
  const byName = new Map(g.nodes.map((n) => [n.name, n]));
  for (const n of g.nodes) {
    const conv = folded.get(n.name);
    if (conv !== undefined) {
      vars.set(n.name, vars.get(conv)!);
      layers.push({ layer: n.name, op: n.op.name, comment: `${n.name}: batch_norm2d folded into ${conv} (--fold-bn)`, steps: [], out: vars.get(conv)! });
      continue;
    }
    if (!n.op.lower || !n.shape || !n.inputShapes) {
      failed = true;
      continue;
    }
    const ctx = new LowerContext(
      namer,
      n.name,
      n.inputs.map((i) => vars.get(i)!),
      n.inputShapes,
      n.shape,
      n.weights,
    );
    const bnName = foldInto.get(n.name);
    if (bnName !== undefined) {
      const bn = byName.get(bnName)!;
      const t = (role: string) => bn.weights.find((w) => w.role === role)?.tensor ?? "";
      ctx.foldedBatchNorm = {
        layer: bn.name,
        gamma: t("weight"),
        beta: t("bias"),
        mean: t("running_mean"),
        variance: t("running_var"),
        eps: (bn.params as { eps: number }).eps,
      };
    }
    try {
      const out = n.op.lower(ctx, n.params);
      vars.set(n.name, out);
      const details = n.op.describe?.(n.params) ?? "";
      layers.push({
        layer: n.name,
        op: n.op.name,
        comment: `${n.name}: ${n.op.name}${details ? ` ${details}` : ""}, ${n.inputShapes.map(fmtShape).join(" + ")} -> ${fmtShape(n.shape)}`,
        steps: ctx.steps,
        out,
      });
    } catch (e) {
      if (!(e instanceof LowerError)) throw e;
      diags.report(Diag.unsupported, { layer: n.name, op: n.op.name, reason: e.message, hint: e.hint }, n.loc, n.name);
      failed = true;
    }
  }
  if (failed) return undefined;
  const outputs = g.outputs.map((o) => ({ name: o.name, var: vars.get(o.name)!, shape: g.nodes.find((n) => n.name === o.name)!.shape! }));
  return { name: g.name, inputs, weights, layers, outputs, uses: featuresUsed(layers) };
}

/** For each feature, the layers whose steps use a catalog call that needs it. */
function featuresUsed(layers: LoweredLayer[]): Record<Feature, string[]> {
  const uses = Object.fromEntries(FEATURES.map((f) => [f, [] as string[]])) as Record<Feature, string[]>;
  for (const l of layers) {
    const features = new Set(l.steps.flatMap((s) => (s.kind === "snippet" ? [] : [specOf(s.call).uses]).filter((f) => f !== undefined)));
    for (const f of features) uses[f].push(l.layer);
  }
  return uses;
}
