import * as z from "zod";
import { net } from "../lower/catalog.js";
import { int } from "./params.js";
import { defineOp, normDim } from "./types.js";

/** The permutation that swaps dimensions dim0 and dim1 of a rank-`rank` tensor. */
function swapOrder(rank: number, dim0: number, dim1: number): number[] {
  const order = Array.from({ length: rank }, (_v, i) => i);
  const a = normDim(dim0, rank, "dim0");
  const b = normDim(dim1, rank, "dim1");
  [order[a], order[b]] = [order[b]!, order[a]!];
  return order;
}

export const transpose = defineOp({
  name: "transpose",
  summary: "swaps two dimensions",
  pytorch: {
    functions: ["torch.transpose", "torch.swapaxes", "torch.swapdims"],
    methods: ["transpose", "swapaxes", "swapdims"],
  },
  params: z.strictObject({ dim0: int, dim1: int }),
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    return swapOrder(x!.length, p.dim0, p.dim1).map((d) => x![d]!);
  },
  lower: (ctx, p) => ctx.main(net.addShuffle({ input: ctx.input() }, { firstTranspose: swapOrder(ctx.outShape.length, p.dim0, p.dim1) })),
  describe: (p) => `${p.dim0}<->${p.dim1}`,
});
