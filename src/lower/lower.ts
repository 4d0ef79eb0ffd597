import { Diag, type Diagnostics } from "../diagnostics/index.js";
import { depths } from "../ir/depth.js";
import type { Graph } from "../ir/graph.js";
import { constantLimitProblem, shapeLimitProblem } from "../ir/limits.js";
import { LowerError, fmtShape } from "../ops/types.js";
import { FEATURES, specOf, type Feature } from "./catalog.js";
import { LowerContext } from "./context.js";
import type { LoweredLayer, LoweredProgram, RequiredWeight, Step } from "./types.js";
import { ValueIds } from "./values.js";

/** Lowers a validated graph (no errors) to TensorRT calls as data. */
export function lowerGraph(g: Graph, diags: Diagnostics): LoweredProgram | undefined {
  const ids = new ValueIds();
  const vars = new Map<string, string>();
  const inputs = g.inputs.map((i) => {
    const v = ids.next(i.name);
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
    const ctx = new LowerContext(
      ids,
      n.name,
      n.inputs.map((i) => vars.get(i)!),
      n.inputShapes,
      n.shape,
      n.weights,
      n.derivedWeights,
    );
    try {
      const out = n.op.lower(ctx, n.params);
      checkStepShapes(ctx.steps);
      vars.set(n.name, out);
      const details = n.op.describe?.(n.params) ?? "";
      layers.push({
        layer: n.name,
        op: n.op.name,
        comment: `${n.name}: ${n.op.name}${details ? ` ${details}` : ""}, ${n.inputShapes.length > 0 ? `${n.inputShapes.map(fmtShape).join(" + ")} -> ` : ""}${fmtShape(n.shape)}`,
        steps: ctx.steps,
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
    shape: g.nodes.find((n) => n.name === o.name)!.shape!,
    depth: depth.get(o.name)!,
  }));
  return { name: g.name, inputs, weights, layers, outputs, valueHints: ids.hints, uses: featuresUsed(layers) };
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

/**
 * Throws when a layer the lowering adds makes a tensor TensorRT cannot hold, or a constant it
 * computes is past MAX_CONSTANT_VALUES. `check` keeps every spec layer's output within the
 * limits (and the ops keep the tensors they compute on the way, such as attention scores);
 * this guards the tensors in between, so that such a case is a diagnostic rather than a
 * build failure.
 */
export function checkStepShapes(steps: readonly Step[]): void {
  for (const s of steps) {
    if (s.kind === "weights" && s.call.fn === "constant") {
      // a constant the lowering computed: its values go into the generated C++
      const big = constantLimitProblem(s.count, "a constant this lowering computes");
      if (big) throw new LowerError(big.reason, big.hint);
    }
    if (s.kind !== "layer") continue;
    const problem = shapeLimitProblem(s.outShape);
    if (problem) throw new LowerError(`the lowering needs a tensor of shape ${fmtShape(s.outShape)} (${s.name}): ${problem.reason}`, problem.hint);
  }
}
