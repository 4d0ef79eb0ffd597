import * as z from "zod";
import { activation, unaryOp } from "./elementwise_common.js";

const FLT_MAX = 3.4028234663852886e38;
import { num } from "./params.js";

export const clamp = unaryOp({
  name: "clamp",
  summary: "clamps to [min, max]; either bound may be omitted",
  activationDoc: "`min`, `max` both optional but at least one; `min <= max`. `addActivation(kCLIP)`; a missing bound is ±FLT_MAX",
  pytorch: { functions: ["torch.clamp", "torch.clip"], methods: ["clamp", "clamp_", "clip"] },
  params: z
    .strictObject({ min: num.optional(), max: num.optional() })
    .refine((p) => p.min !== undefined || p.max !== undefined, { message: "give at least one of 'min' and 'max'", path: ["min"] })
    .refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, { message: "min must not be greater than max", path: ["max"] }),
  lower: (ctx, p) => activation(ctx, "kCLIP", p.min ?? -FLT_MAX, p.max ?? FLT_MAX),
  describe: (p) => `[${p.min ?? "-inf"}, ${p.max ?? "inf"}]`,
});
