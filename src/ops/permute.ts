import * as z from "zod";
import { net } from "../lower/catalog.js";
import { int } from "./params.js";
import { OpError, defineOp, fmtShape, normDim } from "./types.js";

export const permute = defineOp({
  name: "permute",
  summary: "reorders dimensions",
  pytorch: { functions: ["torch.permute"], methods: ["permute"] },
  params: z.strictObject({ dims: z.array(int, { error: "expected a list of dimension indices" }).min(1) }),
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    if (p.dims.length !== x!.length) {
      throw new OpError(`dims has ${p.dims.length} entries but the input has rank ${x!.length}`, undefined, "dims");
    }
    const dims = p.dims.map((d) => normDim(d, x!.length, "dims"));
    if (new Set(dims).size !== dims.length) throw new OpError(`dims ${fmtShape(p.dims)} repeats a dimension`, undefined, "dims");
    return dims.map((d) => x![d]!);
  },
  lower: (ctx, p) => {
    const rank = ctx.outShape.length;
    return ctx.main(net.addShuffle({ input: ctx.input() }, { firstTranspose: p.dims.map((d) => (d < 0 ? d + rank : d)) }));
  },
  describe: (p) => fmtShape(p.dims),
});
