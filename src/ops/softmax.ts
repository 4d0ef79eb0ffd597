import * as z from "zod";
import { net } from "../lower/catalog.js";
import { int } from "./params.js";
import { defineOp, normDim } from "./types.js";

export const softmax = defineOp({
  name: "softmax",
  summary: "softmax along one dimension",
  pytorch: { modules: ["torch.nn.Softmax"], functions: ["torch.nn.functional.softmax", "torch.softmax"], methods: ["softmax"] },
  params: z.strictObject({ dim: int }),
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    normDim(p.dim, x!.length);
    return [...x!];
  },
  // The axis is always set explicitly: TensorRT's default is wrong for e.g. [N, C].
  lower: (ctx, p) => ctx.main(net.addSoftMax({ input: ctx.input() }, { axes: [p.dim < 0 ? p.dim + ctx.outShape.length : p.dim] })),
  describe: (p) => `dim=${p.dim}`,
});
