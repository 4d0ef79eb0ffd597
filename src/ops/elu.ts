import * as z from "zod";
import { activation, unaryOp } from "./elementwise_common.js";
import { num } from "./params.js";

export const elu = unaryOp({
  name: "elu",
  summary: "x if x > 0 else alpha * (exp(x) - 1)",
  activationDoc: "`addActivation(kELU)`, alpha",
  pytorch: { modules: ["torch.nn.ELU"], functions: ["torch.nn.functional.elu"] },
  params: z.strictObject({ alpha: num.default(1.0) }),
  lower: (ctx, p) => activation(ctx, "kELU", p.alpha),
  describe: (p) => `alpha=${p.alpha}`,
});
