import * as z from "zod";
import { net } from "../lower/catalog.js";
import { int } from "./params.js";
import { OpError, defineOp, normDim, product } from "./types.js";

export const flatten = defineOp({
  name: "flatten",
  summary: "merges dimensions start_dim..end_dim into one",
  pytorch: { modules: ["torch.nn.Flatten"], functions: ["torch.flatten"], methods: ["flatten"] },
  params: z.strictObject({ start_dim: int.default(1), end_dim: int.default(-1) }),
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    const s = normDim(p.start_dim, x!.length, "start_dim");
    const e = normDim(p.end_dim, x!.length, "end_dim");
    if (s > e) throw new OpError(`start_dim ${p.start_dim} comes after end_dim ${p.end_dim}`, undefined, "start_dim");
    return [...x!.slice(0, s), product(x!.slice(s, e + 1)), ...x!.slice(e + 1)];
  },
  lower: (ctx) => ctx.main(net.addShuffle({ input: ctx.input() }, { reshapeDimensions: ctx.outShape })),
  describe: (p) => `dims ${p.start_dim}..${p.end_dim}`,
});
