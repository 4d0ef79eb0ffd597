import { z } from "zod";
import { activation, unaryOp } from "./elementwise_common.js";
import { num } from "./params.js";

export const softplus = unaryOp({
  name: "softplus",
  summary: "log(1 + exp(beta * x)) / beta, linear above threshold",
  pytorch: "torch.nn.Softplus",
  params: z.strictObject({
    beta: num.refine((v) => v !== 0, "beta must not be 0").default(1),
    threshold: num.default(20),
  }),
  // kSOFTPLUS is alpha * log(exp(beta * x) + 1); PyTorch divides by beta and is linear
  // above `threshold` (beta*x > threshold), where the two agree to float32 precision.
  lower: (ctx, p) => activation(ctx, "kSOFTPLUS", 1 / p.beta, p.beta),
  describe: (p) => `beta=${p.beta} threshold=${p.threshold}`,
});
