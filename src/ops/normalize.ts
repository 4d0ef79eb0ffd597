import * as z from "zod";
import { net } from "../lower/catalog.js";
import type { LowerContext } from "../lower/context.js";
import { int, num } from "./params.js";
import { defineOp, normDim, product } from "./types.js";

export interface NormalizeParams {
  p: number;
  dim: number;
  eps: number;
}

/** x / max(norm, eps): the norm clamped from below (helper `clamp`), then the division (`div`). */
function divide(ctx: LowerContext, x: string, norm: string, eps: number, reduced: number[]): string {
  const bound = ctx.constantTensor(
    [eps],
    reduced.map(() => 1),
    "eps",
  );
  const denom = ctx.helper("clamp", net.addElementWise({ input1: norm, input2: bound, op: "kMAX" }), reduced);
  return ctx.helper("div", net.addElementWise({ input1: x, input2: denom, op: "kDIV" }), ctx.outShape);
}

export const normalize = defineOp<NormalizeParams>({
  name: "normalize",
  summary: "Lp normalization along one dimension: x / max(‖x‖ₚ, eps), PyTorch's F.normalize",
  pytorch: { functions: ["torch.nn.functional.normalize"] },
  params: z.strictObject({
    p: z.union([num.refine((v) => v > 0), z.literal(Infinity)], { error: "expected a positive number or .inf (the largest |x|)" }).default(2),
    dim: int.default(1),
    eps: num.refine((v) => v >= 0, "expected a non-negative number").default(1e-12),
  }) as z.ZodType<NormalizeParams>,
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    normDim(p.dim, x!.length);
    return [...x!];
  },
  macs(_in, _p, out) {
    return 2 * product(out);
  },
  // ‖x‖ₚ as PyTorch computes it: sqrt(Σx²) for p = 2, Σ|x| for p = 1, max |x| for p = ∞,
  // (Σ|x|ᵖ)^(1/p) otherwise; then the norm clamped from below by eps, and the division
  // (broadcast along dim).
  lower(ctx, p) {
    const x = ctx.input();
    const shape = ctx.outShape;
    const axis = p.dim < 0 ? p.dim + shape.length : p.dim;
    const reduced = shape.map((d, i) => (i === axis ? 1 : d));
    const ones = shape.map(() => 1);
    const power = (suffix: string, input: string, e: number, s: number[]) =>
      ctx.helper(suffix, net.addElementWise({ input1: input, input2: ctx.constantTensor([e], ones, `${suffix}_exponent`), op: "kPOW" }), s);
    let terms: string;
    if (p.p === 2) terms = ctx.main(net.addElementWise({ input1: x, input2: x, op: "kPROD" }));
    else {
      terms = ctx.main(net.addUnary({ input: x, operation: "kABS" }));
      if (p.p !== 1 && p.p !== Infinity) terms = power("pow", terms, p.p, shape);
    }
    if (p.p === Infinity) {
      const largest = net.addReduce({ input: terms, operation: "kMAX", reduceAxes: [axis], keepDimensions: true });
      return divide(ctx, x, ctx.helper("max", largest, reduced), p.eps, reduced);
    }
    let norm = ctx.helper("sum", net.addReduce({ input: terms, operation: "kSUM", reduceAxes: [axis], keepDimensions: true }), reduced);
    if (p.p === 2) norm = ctx.helper("sqrt", net.addUnary({ input: norm, operation: "kSQRT" }), reduced);
    else if (p.p !== 1) norm = power("root", norm, 1 / p.p, reduced);
    return divide(ctx, x, norm, p.eps, reduced);
  },
  describe: (p) => [p.p !== 2 ? `p=${p.p}` : "", `dim=${p.dim}`, p.eps !== 1e-12 ? `eps=${p.eps}` : ""].filter(Boolean).join(" "),
});
