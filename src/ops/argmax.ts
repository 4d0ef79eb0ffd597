import * as z from "zod";
import { builder } from "../lower/catalog.js";
import { bool, int } from "./params.js";
import { defineOp, normDim } from "./types.js";

export interface ArgmaxParams {
  dim: number;
  keepdim: boolean;
}

export const argmax = defineOp<ArgmaxParams>({
  name: "argmax",
  summary: "index of the largest value along a dimension (as a float)",
  pytorch: { functions: ["torch.argmax"], methods: ["argmax"] },
  params: z.strictObject({ dim: int, keepdim: bool.default(false) }) as z.ZodType<ArgmaxParams>,
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    const d = normDim(p.dim, x!.length);
    return p.keepdim ? x!.map((v, i) => (i === d ? 1 : v)) : x!.filter((_v, i) => i !== d);
  },
  // ITopKLayer(kMAX, k = 1) gives int32 indices with the dimension kept; NetworkBuilder::argmax
  // casts them to the compute type, so they flow on like every other tensor.
  lower(ctx, p) {
    const x = ctx.inputShapes[0]!;
    const axis = normDim(p.dim, x.length);
    const kept = x.map((v, i) => (i === axis ? 1 : v));
    const indices = ctx.main(builder.argmax({ input: ctx.input(), axis }), kept);
    return p.keepdim ? indices : ctx.reshape(indices, ctx.outShape);
  },
  describe: (p) => `dim=${p.dim}${p.keepdim ? " keepdim" : ""}`,
});
