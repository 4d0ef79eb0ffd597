import { z } from "zod";
import { net } from "../lower/catalog.js";
import { int, num } from "./params.js";
import { defineOp, normDim, product } from "./types.js";

export interface NormalizeParams {
  p: number;
  dim: number;
  eps: number;
}

export const normalize = defineOp<NormalizeParams>({
  name: "normalize",
  summary: "Lp normalization along one dimension: x / max(‖x‖ₚ, eps), PyTorch's F.normalize",
  pytorch: { functions: ["torch.nn.functional.normalize"], note: "p = ∞ is not covered" },
  params: z.strictObject({
    p: num.refine((v) => v > 0, "expected a positive number").default(2),
    dim: int.default(1),
    eps: num.refine((v) => v >= 0, "expected a non-negative number").default(1e-12),
  }) as z.ZodType<NormalizeParams>,
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    normDim(p.dim, x!.length);
    return [...x!];
  },
  macs(_in, _p, out) {
    return 2 * product(out);
  },
  // ‖x‖ₚ as PyTorch computes it: sqrt(Σx²) for p = 2, Σ|x| for p = 1, (Σ|x|ᵖ)^(1/p) otherwise;
  // then the norm clamped from below by eps, and the division (broadcast along dim).
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
      if (p.p !== 1) terms = power("pow", terms, p.p, shape);
    }
    let norm = ctx.helper("sum", net.addReduce({ input: terms, operation: "kSUM", reduceAxes: [axis], keepDimensions: true }), reduced);
    if (p.p === 2) norm = ctx.helper("sqrt", net.addUnary({ input: norm, operation: "kSQRT" }), reduced);
    else if (p.p !== 1) norm = power("root", norm, 1 / p.p, reduced);
    const eps = ctx.constantTensor([p.eps], ones, "eps");
    const denom = ctx.helper("clamp", net.addElementWise({ input1: norm, input2: eps, op: "kMAX" }), reduced);
    return ctx.helper("div", net.addElementWise({ input1: x, input2: denom, op: "kDIV" }), shape);
  },
  describe: (p) => [p.p !== 2 ? `p=${p.p}` : "", `dim=${p.dim}`, p.eps !== 1e-12 ? `eps=${p.eps}` : ""].filter(Boolean).join(" "),
});
