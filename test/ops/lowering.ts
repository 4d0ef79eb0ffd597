// Lowering helpers for test/ops/*.test.ts: runs an op's lower() on given input
// shapes and shows the steps as `name: fn(args)` strings with value names.
import { LowerContext, type FileWeight } from "../../src/lower/context.js";
import type { LayerStep, Step } from "../../src/lower/types.js";
import { ValueIds } from "../../src/lower/values.js";
import type { AnyOp } from "../../src/ops/index.js";
import { product, type Shape } from "../../src/ops/types.js";

/** The steps of lowering layer `layer` (inputs named x, x2, ...), weights bound as `<layer>.<role>`. */
export function loweredSteps(op: AnyOp, params: unknown, inputShapes: number[][], layer = "l"): string[] {
  const ids = new ValueIds();
  const p = op.params.parse(params);
  const out = op.inferShape(inputShapes, p);
  const weights: FileWeight[] = (op.weights?.(inputShapes, p, out) ?? []).map((w) => ({ role: w.role, tensor: `${layer}.${w.role}`, count: product(w.shape) }));
  const inputs = inputShapes.map((_s, i) => (i === 0 ? "x" : `x${i + 1}`));
  const ctx = new LowerContext(ids, layer, inputs, inputShapes, out, weights);
  const result = op.lower!(ctx, p);
  const arg = (v: unknown) => (Array.isArray(v) ? `[${v.join(",")}]` : String(v));
  const show = (s: Step) =>
    s.kind === "weights"
      ? `${s.var} = ${s.call.fn}(${Object.values(s.call.args).map(arg).join(", ")})`
      : s.kind === "layer"
        ? `${s.name}: ${s.call.fn}(${Object.values(s.call.args).map(arg).join(", ")})${Object.keys(s.call.setters).length ? ` ${JSON.stringify(s.call.setters)}` : ""} ${arg(s.outShape)}${s.out === result ? " -> out" : ""}`
        : "snippet";
  return ctx.steps.map((s) => show(s).replace(/%(\d+)/g, (_m, n: string) => ids.hints[Number(n)]!));
}

/** Lowers one op on given input shapes (inputs named x0, x1, ...) and returns its layer steps. */
export function lowerOp(op: AnyOp, params: unknown, inputs: Shape[], layer = "l"): { layers: LayerStep[]; out: string; outShape: Shape } {
  const p = op.params.parse(params);
  const outShape = op.inferShape(inputs, p);
  const ctx = new LowerContext(
    new ValueIds(),
    layer,
    inputs.map((_s, i) => `x${i}`),
    inputs,
    outShape,
    [],
  );
  const out = op.lower!(ctx, p);
  return { layers: ctx.steps.filter((s): s is LayerStep => s.kind === "layer"), out, outShape };
}
