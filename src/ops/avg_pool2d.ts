import * as z from "zod";
import { pairStr } from "./conv2d.js";
import { bool, nonNegPair, posInt, posPair } from "./params.js";
import { lowerPool, poolDynamic, poolShape } from "./pool_common.js";
import { defineOp } from "./types.js";

const params = z.strictObject({
  kernel_size: posPair,
  stride: posPair.optional(),
  padding: nonNegPair.default([0, 0]),
  ceil_mode: bool.default(false),
  count_include_pad: bool.default(true),
  divisor_override: posInt.optional(),
});

export function avgPoolGeometry(p: z.output<typeof params>) {
  return { ...p, stride: p.stride ?? p.kernel_size, dilation: [1, 1] as [number, number] };
}

export const avg_pool2d = defineOp({
  name: "avg_pool2d",
  summary: "2-D average pooling",
  pytorch: { modules: ["torch.nn.AvgPool2d"], functions: ["torch.nn.functional.avg_pool2d"] },
  params,
  arity: { min: 1, max: 1 },
  dynamic: poolDynamic,
  inferShape([x], p) {
    return poolShape(x!, avgPoolGeometry(p));
  },
  lower: (ctx, p) => lowerPool(ctx, avgPoolGeometry(p), { countIncludePad: p.count_include_pad, divisorOverride: p.divisor_override }),
  describe(p) {
    const g = avgPoolGeometry(p);
    const parts = [`k=${pairStr(g.kernel_size)}`, `s=${pairStr(g.stride)}`, `p=${pairStr(g.padding)}`];
    if (g.ceil_mode) parts.push("ceil");
    if (!g.count_include_pad) parts.push("exclude_pad");
    if (g.divisor_override !== undefined) parts.push(`divisor=${g.divisor_override}`);
    return parts.join(" ");
  },
});
