import * as z from "zod";
import { net } from "../lower/catalog.js";
import { sizeList } from "./params.js";
import { OpError, defineOp, fmtShape } from "./types.js";

export const expand = defineOp({
  name: "expand",
  summary: "broadcasts size-1 dimensions to a larger size (-1 keeps a size); new leading dimensions may be added",
  pytorch: { functions: ["torch.broadcast_to"], methods: ["expand", "expand_as", "broadcast_to"] },
  params: z.strictObject({
    size: sizeList,
  }),
  arity: { min: 1, max: 1 },
  dynamic: "none",
  inferShape([x], p) {
    const lead = p.size.length - x!.length;
    if (lead < 0) {
      throw new OpError(`size ${fmtShape(p.size)} has ${p.size.length} entries, fewer than the input's rank ${x!.length}`, undefined, "size");
    }
    return p.size.map((s, i) => {
      if (i < lead) {
        if (s === -1) throw new OpError(`size ${fmtShape(p.size)}: -1 is not allowed for the new leading dimension ${i}`, undefined, "size");
        return s;
      }
      const have = x![i - lead]!;
      if (s === -1 || s === have) return have;
      if (have !== 1) {
        throw new OpError(`cannot expand dimension ${i} of size ${have} to ${s}: only size-1 dimensions expand`, undefined, "size");
      }
      return s;
    });
  },
  lower(ctx) {
    const out = ctx.outShape;
    const x = ctx.inputShapes[0]!;
    // new leading dimensions first become size-1 dimensions (a reshape), then a slice
    // with stride 0 repeats every size-1 dimension that grows
    const ones = [...Array<number>(out.length - x.length).fill(1), ...x];
    const input = ones.length === x.length ? ctx.input() : ctx.reshape(ctx.input(), ones, "unsqueeze");
    const stride = ones.map((d, i) => (d === out[i] ? 1 : 0));
    return ctx.main(net.addSlice({ input, start: out.map(() => 0), size: out, stride }));
  },
  describe: (p) => fmtShape(p.size),
});
