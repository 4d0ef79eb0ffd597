import { Diag, type Diagnostics } from "../diagnostics/index.js";
import { depths } from "../ir/depth.js";
import { pointName } from "../ir/dynamic.js";
import type { Graph, IRNode } from "../ir/graph.js";
import { LowerError, fmtShape } from "../ops/types.js";
import { checkStepShapes } from "./check_steps.js";
import { FEATURES, specOf, type Feature } from "./catalog.js";
import { LowerContext } from "./context.js";
import { lowerDynamicNode } from "./dynamic.js";
import type { LoweredLayer, LoweredProgram, RequiredWeight, Step } from "./types.js";
import { ValueIds } from "./values.js";

/** Lowers a validated graph (no errors) to TensorRT calls as data. */
export function lowerGraph(g: Graph, diags: Diagnostics): LoweredProgram | undefined {
  const ids = new ValueIds();
  const vars = new Map<string, string>();
  const inputs = g.inputs.map((i) => {
    const v = ids.next(i.name);
    vars.set(i.name, v);
    return { name: i.name, var: v, dtype: i.dtype, shape: i.dims ?? i.shape! };
  });
  const profiles = g.spec.profiles.map((p) => ({
    inputs: g.inputs.flatMap((i) => {
      const r = p.ranges.get(i.name);
      return r ? [{ name: i.name, min: r.min, opt: r.opt, max: r.max }] : [];
    }),
  }));
  const pointNames = g.points.map(pointName);
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
  const depth = depths(g);
  let failed = false;
  for (const n of g.nodes) {
    if (n.alias) {
      const out = vars.get(n.alias.of)!;
      vars.set(n.name, out);
      layers.push({ layer: n.name, op: n.op.name, comment: `${n.name}: ${n.alias.note}`, steps: [], out, depth: depth.get(n.name)! });
      continue;
    }
    if (!n.op.lower || !n.shape || !n.inputShapes) {
      failed = true;
      continue;
    }
    const inputVars = n.inputs.map((i) => vars.get(i)!);
    try {
      const { steps, out } = n.dynamic ? lowerDynamicNode(n, ids, inputVars, pointNames) : lowerStatic(n, ids, inputVars);
      vars.set(n.name, out);
      const details = n.op.describe?.(n.params) ?? "";
      const [inShapes, outShape] = n.dynamic ? [n.dynamic.inputDims, n.dynamic.dims] : [n.inputShapes, n.shape];
      layers.push({
        layer: n.name,
        op: n.op.name,
        comment: `${n.name}: ${n.op.name}${details ? ` ${details}` : ""}, ${inShapes.length > 0 ? `${inShapes.map(fmtShape).join(" + ")} -> ` : ""}${fmtShape(outShape)}`,
        steps,
        out,
        depth: depth.get(n.name)!,
      });
    } catch (e) {
      if (!(e instanceof LowerError)) throw e;
      diags.report(Diag.unsupported, { layer: n.name, op: n.op.name, reason: e.message, hint: e.hint }, n.loc, n.name);
      failed = true;
    }
  }
  if (failed) return undefined;
  const outputs = g.outputs.map((o) => ({
    name: o.name,
    var: vars.get(o.name)!,
    shape: outputShape(g, o.name),
    depth: depth.get(o.name)!,
  }));
  return { name: g.name, inputs, weights, layers, outputs, profiles, valueHints: ids.hints, uses: featuresUsed(layers) };
}

/** An output's shape, -1 where it varies with the input shapes. */
function outputShape(g: Graph, name: string): number[] {
  const n = g.nodes.find((x) => x.name === name)!;
  return n.dynamic?.dims ?? n.shape!;
}

/** A layer of static shapes, lowered once. */
function lowerStatic(n: IRNode, ids: ValueIds, inputs: string[]): { steps: Step[]; out: string } {
  const ctx = new LowerContext(ids, n.name, inputs, n.inputShapes!, n.shape!, n.weights, n.derivedWeights);
  const out = n.op.lower!(ctx, n.params);
  checkStepShapes(ctx.steps);
  return { steps: ctx.steps, out };
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
