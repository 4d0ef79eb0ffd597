import { z } from "zod";
import { unaryOp } from "./elementwise_common.js";
import { num } from "./params.js";

export const leaky_relu = unaryOp({
  name: "leaky_relu",
  summary: "x if x >= 0 else negative_slope * x",
  pytorch: "torch.nn.LeakyReLU",
  params: z.strictObject({ negative_slope: num.default(0.01) }),
  describe: (p) => `slope=${p.negative_slope}`,
});
