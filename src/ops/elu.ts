import { z } from "zod";
import { unaryOp } from "./elementwise_common.js";
import { num } from "./params.js";

export const elu = unaryOp({
  name: "elu",
  summary: "x if x > 0 else alpha * (exp(x) - 1)",
  pytorch: "torch.nn.ELU",
  params: z.strictObject({ alpha: num.default(1.0) }),
  describe: (p) => `alpha=${p.alpha}`,
});
