import * as z from "zod";
import { activation, unaryOp } from "./elementwise_common.js";
import { num } from "./params.js";

export const hardtanh = unaryOp({
  name: "hardtanh",
  summary: "clamps to [min_val, max_val]",
  activationDoc: "Requires `min_val <= max_val`. `addActivation(kCLIP)`, alpha = min_val, beta = max_val",
  pytorch: { modules: ["torch.nn.Hardtanh"], functions: ["torch.nn.functional.hardtanh"] },
  params: z
    .strictObject({ min_val: num.default(-1), max_val: num.default(1) })
    .refine((p) => p.min_val <= p.max_val, { message: "min_val must not be greater than max_val", path: ["max_val"] }),
  lower: (ctx, p) => activation(ctx, "kCLIP", p.min_val, p.max_val),
  describe: (p) => `[${p.min_val}, ${p.max_val}]`,
});
