import * as z from "zod";
import { net } from "../lower/catalog.js";
import { int } from "./params.js";
import { rangeSlice } from "./slice.js";
import { OpError, defineOp, normDim } from "./types.js";

export const select = defineOp({
  name: "select",
  summary: "x[..., index] along one dimension, which disappears (torch.select)",
  pytorch: { functions: ["torch.select"], methods: ["select"], note: "x[:, 0]" },
  params: z.strictObject({ dim: int, index: int }),
  arity: { min: 1, max: 1 },
  dynamic: "none",
  inferShape([x], p) {
    const d = normDim(p.dim, x!.length);
    const n = x![d]!;
    if (p.index < -n || p.index >= n) throw new OpError(`index ${p.index} is out of range for dimension ${d} of size ${n}`, undefined, "index");
    if (x!.length === 1)
      throw new OpError("selecting from a rank-1 tensor gives a 0-d tensor, which trtgen does not build", "use slice to keep one element as [1]");
    return x!.filter((_v, i) => i !== d);
  },
  lower(ctx, p) {
    const x = ctx.inputShapes[0]!;
    const d = normDim(p.dim, x.length);
    const index = p.index < 0 ? p.index + x[d]! : p.index;
    const one = x.map((v, i) => (i === d ? 1 : v));
    const picked = ctx.helper("slice", rangeSlice(ctx.input(), x, d, index, 1), one);
    return ctx.main(net.addShuffle({ input: picked }, { reshapeDimensions: ctx.outShape }));
  },
  describe: (p) => `dim=${p.dim} [${p.index}]`,
});
