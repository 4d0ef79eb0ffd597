import { z } from "zod";
import { call, dims, nvEnum } from "../lower/context.js";
import { bool, posInt } from "./params.js";
import { OpError, defineOp, requireRank } from "./types.js";

const scale = z.number({ error: "expected a positive number" }).positive("expected a positive number");
const params = z
  .strictObject({
    size: z.union([posInt, z.tuple([posInt, posInt])], { error: "expected a positive integer or [h, w]" }).optional(),
    scale_factor: z.union([scale, z.tuple([scale, scale])], { error: "expected a positive number or [h, w]" }).optional(),
    mode: z.enum(["nearest", "bilinear"], { error: "expected 'nearest' or 'bilinear'" }).default("nearest"),
    align_corners: bool.optional(),
  })
  .refine((p) => (p.size === undefined) !== (p.scale_factor === undefined), {
    message: "give exactly one of 'size' and 'scale_factor'",
    path: ["size"],
  })
  .refine((p) => !(p.mode === "nearest" && p.align_corners !== undefined), {
    message: "align_corners only applies to mode 'bilinear' (PyTorch rejects it for 'nearest')",
    path: ["align_corners"],
  });

export type UpsampleParams = z.output<typeof params>;

export function upsampleScales(p: UpsampleParams): [number, number] | undefined {
  const s = p.scale_factor;
  if (s === undefined) return undefined;
  return typeof s === "number" ? [s, s] : s;
}

export const upsample = defineOp({
  name: "upsample",
  summary: "resizes H and W by nearest or bilinear interpolation",
  pytorch: "torch.nn.Upsample / F.interpolate",
  params,
  arity: { min: 1, max: 1 },
  inferShape([x], p) {
    requireRank(x!, 4, "N, C, H, W");
    const [n, c, h, w] = x as [number, number, number, number];
    let oh: number;
    let ow: number;
    if (p.size !== undefined) {
      [oh, ow] = typeof p.size === "number" ? [p.size, p.size] : p.size;
    } else {
      const [sh, sw] = upsampleScales(p)!;
      // PyTorch: floor(input * scale_factor)
      oh = Math.floor(h * sh);
      ow = Math.floor(w * sw);
    }
    if (oh < 1 || ow < 1) throw new OpError(`output size would be ${oh}×${ow}`, "use a larger scale_factor", "scale_factor");
    return [n, c, oh, ow];
  },
  lower(ctx, p) {
    // nearest = asymmetric coordinates + floor rounding; bilinear: half-pixel, or
    // align-corners. With scale_factor PyTorch maps coordinates by the given
    // scale (not in/out), so the scales are passed as given.
    const nearest = p.mode === "nearest";
    const scales = upsampleScales(p);
    const setters = [
      call("setResizeMode", { k: "compat", v: nearest ? "kResizeNearest" : "kResizeLinear" }),
      scales ? call("setScales", { k: "floats", v: [1, 1, scales[0], scales[1]] }) : call("setOutputDimensions", dims(ctx.outShape)),
      call("setCoordinateTransformation", nvEnum("ResizeCoordinateTransformation", nearest ? "kASYMMETRIC" : p.align_corners ? "kALIGN_CORNERS" : "kHALF_PIXEL")),
    ];
    if (nearest) setters.push(call("setNearestRounding", nvEnum("ResizeRoundMode", "kFLOOR")));
    return ctx.main("addResize", [ctx.input()], setters);
  },
  describe(p) {
    const what = p.size !== undefined ? `size=${JSON.stringify(p.size)}` : `scale=${JSON.stringify(p.scale_factor)}`;
    return `${p.mode} ${what}${p.align_corners ? " align_corners" : ""}`;
  },
});
