import { z } from "zod";
import { int } from "./params.js";
import { defineOp, normDim } from "./types.js";

export const softmax = defineOp({
  name: "softmax",
  summary: "softmax along one dimension",
  pytorch: "torch.nn.Softmax",
  params: z.strictObject({ dim: int }),
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    normDim(p.dim, x!.length);
    return [...x!];
  },
  describe: (p) => `dim=${p.dim}`,
});
