import { z } from "zod";
import { posInt } from "./params.js";
import { defineOp, requireRank } from "./types.js";

const size = z.union([posInt, z.null()]);
const params = z.strictObject({
  output_size: z.union([posInt, z.tuple([size, size])], { error: "expected a positive integer or [h, w] (null keeps that input size)" }),
});

export function adaptiveOutHW(h: number, w: number, p: z.output<typeof params>): [number, number] {
  const o = p.output_size;
  if (typeof o === "number") return [o, o];
  return [o[0] ?? h, o[1] ?? w];
}

export const adaptive_avg_pool2d = defineOp({
  name: "adaptive_avg_pool2d",
  summary: "2-D adaptive average pooling to a fixed output size",
  pytorch: "torch.nn.AdaptiveAvgPool2d",
  params,
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    requireRank(x!, 4, "N, C, H, W");
    const [n, c, h, w] = x as [number, number, number, number];
    const [oh, ow] = adaptiveOutHW(h, w, p);
    return [n, c, oh, ow];
  },
  describe(p) {
    const o = p.output_size;
    return `out=${typeof o === "number" ? o : `${o[0] ?? "-"}x${o[1] ?? "-"}`}`;
  },
});
