import * as z from "zod";
import { net, weightsCalls } from "../lower/catalog.js";
import { int, posInt } from "./params.js";
import { defineOp, normDim } from "./types.js";

export const gather = defineOp({
  name: "gather",
  summary: "torch.index_select with constant indices: the entries `index` (a 1-D tensor of the .wts) of one dimension",
  pytorch: {
    functions: ["torch.index_select"],
    methods: ["index_select"],
    note: "x[buffer] with an integer buffer, e.g. swin's relative position bias; the indices go into the .wts (trtgen-export weights --keep-int)",
  },
  params: z.strictObject({ dim: int, num_indices: posInt }),
  arity: { min: 1, max: 1 },
  dynamic: "none",
  weightRoles: [{ role: "index", shape: "[num_indices]" }],
  weights: (_inputs, p) => [{ role: "index", shape: [p.num_indices] }],
  inferShape([x], p) {
    const d = normDim(p.dim, x!.length);
    return x!.map((v, i) => (i === d ? p.num_indices : v));
  },
  lower(ctx, p) {
    const x = ctx.inputShapes[0]!;
    const d = normDim(p.dim, x.length);
    const name = ctx.tensorName("index")!;
    const w = ctx.weightsStep(`${ctx.layer}_index`, weightsCalls.indices({ name, count: p.num_indices, bound: x[d]! }), p.num_indices);
    const index = ctx.helper("index", net.addConstant({ dimensions: [p.num_indices], weights: w }), [p.num_indices]);
    return ctx.main(net.addGather({ data: ctx.input(), indices: index, axis: d }));
  },
  describe: (p) => `dim=${p.dim} ${p.num_indices} indices`,
});
