// Lowering a layer whose extents vary between profile shapes (spec `profiles`).
// The op is lowered once per profile shape, with the concrete shapes there; the
// runs must make the same calls. Where a number differs between runs it is an
// extent the profiles vary: a declared tensor shape becomes -1, a shuffle's
// reshape dimension becomes TensorRT's placeholder 0 (copy the input's dimension)
// or -1 (inferred from the volume, once); anywhere else it would bake a dynamic
// extent into the engine, and the layer is refused. So no lowering can fix an
// extent that varies at the profile corners; which ops may see dynamic inputs
// at all is OpDef.dynamic (checked before, src/passes/check_dynamic.ts).
import type { IRNode } from "../ir/graph.js";
import { LowerError, fmtShape, type Shape } from "../ops/types.js";
import type { LayerCall } from "./catalog.js";
import { LowerContext } from "./context.js";
import { checkStepShapes } from "./check_steps.js";
import type { Step } from "./types.js";
import type { ValueIds } from "./values.js";

const HINT = "give the dimensions this layer depends on static sizes in the input shape (not -1)";

/** Lowers a dynamic node once per profile point and merges the runs; returns its steps and output. */
export function lowerDynamicNode(n: IRNode, ids: ValueIds, inputs: string[], pointNames: readonly string[]): { steps: Step[]; out: string } {
  const d = n.dynamic!;
  const mark = ids.hints.length;
  const runs = d.points.map((outShape, k) => {
    ids.rewind(mark);
    const ctx = new LowerContext(ids, n.name, inputs, d.inputPoints[k]!, outShape, n.weights, n.derivedWeights, true);
    const out = n.op.lower!(ctx, n.params);
    checkStepShapes(ctx.steps);
    return { steps: ctx.steps, out };
  });
  const differs = (what: string, k: number) =>
    new LowerError(`its lowering ${what} differs between ${pointNames[0]} and ${pointNames[k]}: it depends on an extent that the profiles vary`, HINT);
  for (const [k, r] of runs.entries()) {
    if (r.out !== runs[0]!.out || r.steps.length !== runs[0]!.steps.length) throw differs("structure", k);
  }
  // each run's tensor shapes by value id, for the reshape placeholders
  const shapes = runs.map((r, k) => {
    const m = new Map<string, Shape>(inputs.map((v, i) => [v, d.inputPoints[k]![i]!]));
    for (const s of r.steps) if (s.kind !== "weights") m.set(s.out, s.outShape);
    return m;
  });
  const steps = runs[0]!.steps.map((s0, j): Step => {
    const all = runs.map((r) => r.steps[j]!);
    all.forEach((s, k) => {
      if (s.kind !== s0.kind || (s.kind !== "snippet" && s0.kind !== "snippet" && s.call.fn !== s0.call.fn)) throw differs("structure", k);
    });
    if (s0.kind === "weights") {
      all.forEach((s, k) => {
        if (JSON.stringify(s) !== JSON.stringify(s0)) throw differs(`constant '${s0.call.fn}'`, k);
      });
      return s0;
    }
    const outShape = mergeShape(all.map((s) => (s as typeof s0).outShape));
    if (s0.kind === "snippet") return { ...s0, outShape };
    const calls = all.map((s) => (s as typeof s0).call);
    return { ...s0, outShape, call: mergeCall(calls, shapes, s0.name, (k) => differs(`of '${s0.name}' (${s0.call.fn})`, k)) };
  });
  return { steps, out: runs[0]!.out };
}

/** The shapes with -1 where they differ. */
function mergeShape(shapes: readonly Shape[]): Shape {
  return shapes[0]!.map((v, i) => (shapes.every((s) => s[i] === v) ? v : -1));
}

/** One call from the runs' calls: equal but for a shuffle's reshape dimensions. */
function mergeCall(calls: LayerCall[], shapes: Map<string, Shape>[], name: string, differs: (k: number) => LowerError): LayerCall {
  const c0 = calls[0]!;
  let reshape: number[] | undefined;
  if (c0.target === "network" && c0.fn === "addShuffle" && c0.setters.reshapeDimensions) {
    const dims = calls.map((c) => (c as typeof c0).setters.reshapeDimensions!);
    const ins = calls.map((c, k) => {
      const s = shapes[k]!.get((c as typeof c0).args.input)!;
      const t = (c as typeof c0).setters.firstTranspose;
      return t ? t.map((a) => s[a]!) : s;
    });
    reshape = placeholders(dims, ins, name);
  }
  const strip = (c: LayerCall) => JSON.stringify(reshape ? { ...c, setters: { ...(c as typeof c0).setters, reshapeDimensions: undefined } } : c);
  calls.forEach((c, k) => {
    if (strip(c) !== strip(c0)) throw differs(k);
  });
  return reshape ? ({ ...c0, setters: { ...(c0 as typeof c0 & { fn: "addShuffle" }).setters, reshapeDimensions: reshape } } as LayerCall) : c0;
}

/**
 * IShuffleLayer reshape dimensions valid at every run: a dimension equal in all runs stays;
 * one equal to the input's dimension at the same index in every run is 0 (copied); one more
 * may be -1 (inferred). More than one inferred dimension cannot be expressed.
 */
export function placeholders(dims: readonly Shape[], inputs: readonly Shape[], name: string): number[] {
  const out = dims[0]!.map((v, i) => {
    if (dims.every((d) => d[i] === v)) return v;
    if (dims.every((d, k) => inputs[k]![i] === d[i])) return 0;
    return -1;
  });
  if (out.filter((v) => v === -1).length > 1) {
    throw new LowerError(
      `'${name}' reshapes to ${fmtShape(mergeShape(dims))}, where more than one dimension varies between profile shapes without being the input's dimension at the same place; TensorRT's reshape can infer only one (-1)`,
      HINT,
    );
  }
  return out;
}
