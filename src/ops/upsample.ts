import * as z from "zod";
import { MAX_DIM } from "../ir/limits.js";
import { net } from "../lower/catalog.js";
import { bool, posInt, unionError } from "./params.js";
import { OpError, defineOp, requireRank } from "./types.js";

// zod refuses .inf and .nan as numbers: say so
const scale = z
  .number({ error: (iss) => (typeof iss.input === "number" ? `expected a finite positive number, got ${iss.input}` : "expected a positive number") })
  .positive("expected a positive number");
const params = z
  .strictObject({
    size: z.union([posInt, z.tuple([posInt, posInt])], { error: unionError("expected a positive integer or [h, w]") }).optional(),
    scale_factor: z.union([scale, z.tuple([scale, scale])], { error: unionError("expected a positive number or [h, w]") }).optional(),
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

const f32 = Math.fround;

/**
 * The input coordinate PyTorch samples for output index `o` when scale_factor is
 * given: it maps by 1/scale (upsample kernels, float32; align_corners false).
 * Nearest: floor(o / scale); bilinear: (o + 0.5) / scale - 0.5, clamped to the input.
 */
export function pytorchScaleSource(nearest: boolean, inLen: number, scale: number, o: number): number {
  const r = f32(1 / scale);
  if (nearest) return Math.min(Math.floor(f32(o * r)), inLen - 1);
  return Math.min(Math.max(f32(f32(r * f32(o + 0.5)) - 0.5), 0), inLen - 1);
}

/**
 * The input coordinate TensorRT's IResizeLayer samples for output index `o`: it
 * maps by the length ratio in/out whether the size came from setScales or
 * setOutputDimensions (NvInfer.h, ResizeCoordinateTransformation kASYMMETRIC
 * with kFLOOR rounding, and kHALF_PIXEL), clamped to the input.
 */
export function tensorrtSource(nearest: boolean, inLen: number, outLen: number, o: number): number {
  if (nearest) return Math.min(Math.floor((o * inLen) / outLen), inLen - 1);
  return Math.min(Math.max(((o + 0.5) * inLen) / outLen - 0.5, 0), inLen - 1);
}

/** Axes up to this long are compared at every output index; longer ones at their two ends. */
export const FULL_SCAN_MAX = 1 << 22;

/**
 * The first output index along an axis where the two mappings sample different
 * input coordinates, or -1. An axis longer than FULL_SCAN_MAX (up to 2^31 - 1
 * indices: a scan took a minute) is compared on its first and last FULL_SCAN_MAX / 2
 * indices only: the mappings drift apart linearly in the index (PyTorch's float32
 * 1/scale against in/out), and float32's rounding of the source coordinate is
 * coarsest at the far end, so a mismatch anywhere shows at the end as well.
 */
export function firstScaleMismatch(nearest: boolean, inLen: number, outLen: number, scale: number): number {
  const half = FULL_SCAN_MAX / 2;
  const ranges: Array<[number, number]> =
    outLen <= FULL_SCAN_MAX
      ? [[0, outLen]]
      : [
          [0, half],
          [outLen - half, outLen],
        ];
  for (const [from, to] of ranges) {
    for (let o = from; o < to; o++) {
      const want = pytorchScaleSource(nearest, inLen, scale, o);
      const got = tensorrtSource(nearest, inLen, outLen, o);
      if (nearest ? want !== got : Math.abs(want - got) > 1e-6 * Math.max(1, got)) return o;
    }
  }
  return -1;
}

/** in × scale for messages: 6 digits, or all of them where rounding would make it look whole. */
function product(v: number): string {
  const s = String(Number(v.toPrecision(6)));
  return Number.isInteger(Number(s)) && !Number.isInteger(v) ? `${v} (in double precision)` : s;
}

export const upsample = defineOp({
  name: "upsample",
  summary: "resizes H and W by nearest or bilinear interpolation",
  pytorch: {
    modules: ["torch.nn.Upsample", "torch.nn.UpsamplingNearest2d", "torch.nn.UpsamplingBilinear2d"],
    functions: [
      "torch.nn.functional.interpolate",
      "torch.nn.functional.upsample",
      "torch.nn.functional.upsample_nearest",
      "torch.nn.functional.upsample_bilinear",
    ],
  },
  params,
  arity: { min: 1, max: 1 },
  // dynamic shapes: the size is set by whole scales (setScales), exact as floor(in * scale)
  dynamic({ inputs: [x], out }, p) {
    const scales = upsampleScales(p);
    for (const [axis, name] of [
      [2, "height"],
      [3, "width"],
    ] as const) {
      if (x![axis] === -1) {
        const s = scales?.[axis - 2];
        if (s === undefined || !Number.isInteger(s)) {
          return {
            reason: `the input's ${name} varies, so TensorRT must resize by a scale, and ${s === undefined ? "a fixed 'size'" : `scale_factor ${s}`} is not a whole one`,
            hint: "use a whole scale_factor (e.g. 2), or give H and W static sizes",
            param: s === undefined ? "size" : "scale_factor",
          };
        }
      } else if (out[axis]! % x![axis]! !== 0) {
        return {
          reason: `with dynamic shapes TensorRT resizes by scales, and the ${name} ${x![axis]} → ${out[axis]} is not a whole multiple`,
          hint: "use a whole scale_factor or size, or make every input dimension static",
          param: p.size !== undefined ? "size" : "scale_factor",
        };
      }
    }
    return undefined;
  },
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
    if (oh > MAX_DIM || ow > MAX_DIM) {
      throw new OpError(
        `output size would be ${oh}×${ow}, past TensorRT's limit of ${MAX_DIM} per dimension (Dims hold int32)`,
        "use a smaller scale_factor",
        "scale_factor",
      );
    }
    return [n, c, oh, ow];
  },
  inexact([x], p, out) {
    // With `size`, and with align_corners (in-1)/(out-1), PyTorch maps by the
    // lengths as TensorRT does. With scale_factor it maps by 1/scale, which only
    // equals in/out when in * scale is whole.
    const scales = upsampleScales(p);
    if (!scales || p.align_corners) return undefined;
    const nearest = p.mode === "nearest";
    const axes = [
      { name: "height", unit: "rows", inLen: x![2]!, outLen: out[2]!, scale: scales[0] },
      { name: "width", unit: "columns", inLen: x![3]!, outLen: out[3]!, scale: scales[1] },
    ].filter((a) => firstScaleMismatch(nearest, a.inLen, a.outLen, a.scale) >= 0);
    if (axes.length === 0) return undefined;
    const products = axes.map((a) => `${a.name} ${a.inLen} × ${a.scale} = ${product(a.inLen * a.scale)}`).join(" and ");
    const ratios = axes.map((a) => `${a.inLen}/${a.outLen}`).join(" and ");
    return {
      reason: `${products} ${axes.length > 1 ? "are" : "is"} not whole: PyTorch then samples the input in steps of 1/scale, TensorRT's resize in steps of in/out (${ratios})`,
      hint:
        `use 'size: [${out[2]}, ${out[3]}]' (PyTorch also maps by in/out then, so check the model with it), ` +
        `or a scale_factor that makes ${axes.map((a) => `${a.inLen} × scale`).join(" and ")} whole`,
      param: "scale_factor",
    };
  },
  lower(ctx, p) {
    // nearest = asymmetric coordinates + floor rounding; bilinear: half-pixel, or
    // align-corners. TensorRT maps coordinates by in/out even when setScales is
    // used (the scales only set the size, as floor(in * float(scale)), which can
    // miss PyTorch's double-precision floor); so the size is always given exactly.
    // `inexact` rejects the scale_factor cases where in/out is not PyTorch's 1/scale.
    const nearest = p.mode === "nearest";
    return ctx.main(
      net.addResize(
        { input: ctx.input() },
        {
          resizeMode: nearest ? "kResizeNearest" : "kResizeLinear",
          // dynamic shapes: whole scales, which give the size exactly (checked by `dynamic`)
          ...(ctx.dynamic ? { scales: ctx.outShape.map((d, i) => d / ctx.inputShapes[0]![i]!) } : { outputDimensions: ctx.outShape }),
          coordinateTransformation: nearest ? "kASYMMETRIC" : p.align_corners ? "kALIGN_CORNERS" : "kHALF_PIXEL",
          nearestRounding: nearest ? "kFLOOR" : undefined,
        },
      ),
    );
  },
  describe(p) {
    const what = p.size !== undefined ? `size=${JSON.stringify(p.size)}` : `scale=${JSON.stringify(p.scale_factor)}`;
    return `${p.mode} ${what}${p.align_corners ? " align_corners" : ""}`;
  },
});
