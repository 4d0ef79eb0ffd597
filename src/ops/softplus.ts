import { z } from "zod";
import { unaryOp } from "./elementwise_common.js";
import { num } from "./params.js";

export const softplus = unaryOp({
  name: "softplus",
  summary: "log(1 + exp(beta * x)) / beta, linear above threshold",
  pytorch: "torch.nn.Softplus",
  params: z.strictObject({
    beta: num.refine((v) => v !== 0, "beta must not be 0").default(1),
    threshold: num.default(20),
  }),
  describe: (p) => `beta=${p.beta} threshold=${p.threshold}`,
});
