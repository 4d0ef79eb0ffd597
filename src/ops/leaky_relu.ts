import * as z from "zod";
import { activation, unaryOp } from "./elementwise_common.js";
import { num } from "./params.js";

export const leaky_relu = unaryOp({
  name: "leaky_relu",
  summary: "x if x >= 0 else negative_slope * x",
  activationDoc: "`addActivation(kLEAKY_RELU)`, alpha = negative_slope",
  pytorch: { modules: ["torch.nn.LeakyReLU"], functions: ["torch.nn.functional.leaky_relu"] },
  params: z.strictObject({ negative_slope: num.default(0.01) }),
  lower: (ctx, p) => activation(ctx, "kLEAKY_RELU", p.negative_slope),
  describe: (p) => `slope=${p.negative_slope}`,
});
