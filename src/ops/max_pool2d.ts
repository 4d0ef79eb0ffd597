import * as z from "zod";
import { pairStr } from "./conv2d.js";
import { bool, nonNegPair, posPair } from "./params.js";
import { lowerPool, poolDynamic, poolShape } from "./pool_common.js";
import { defineOp } from "./types.js";

const params = z.strictObject({
  kernel_size: posPair,
  stride: posPair.optional(),
  padding: nonNegPair.default([0, 0]),
  dilation: posPair.default([1, 1]),
  ceil_mode: bool.default(false),
});

/** Parameters with PyTorch's default stride (= kernel_size) filled in. */
export function maxPoolGeometry(p: z.output<typeof params>) {
  return { ...p, stride: p.stride ?? p.kernel_size };
}

export const max_pool2d = defineOp({
  name: "max_pool2d",
  summary: "2-D max pooling",
  pytorch: { modules: ["torch.nn.MaxPool2d"], functions: ["torch.nn.functional.max_pool2d"] },
  params,
  arity: { min: 1, max: 1 },
  dynamic: poolDynamic,
  inferShape([x], p) {
    return poolShape(x!, maxPoolGeometry(p));
  },
  lower: (ctx, p) => lowerPool(ctx, maxPoolGeometry(p)),
  describe(p) {
    const g = maxPoolGeometry(p);
    const parts = [`k=${pairStr(g.kernel_size)}`, `s=${pairStr(g.stride)}`, `p=${pairStr(g.padding)}`];
    if (g.dilation[0] !== 1 || g.dilation[1] !== 1) parts.push(`d=${pairStr(g.dilation)}`);
    if (g.ceil_mode) parts.push("ceil");
    return parts.join(" ");
  },
});
