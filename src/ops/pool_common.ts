import { net } from "../lower/catalog.js";
import type { LowerContext } from "../lower/context.js";
import { LowerError, OpError, type DynamicShapes, type Inexact, type Shape, requireRank } from "./types.js";
import type { Pair } from "./params.js";

export interface PoolGeometry {
  kernel_size: Pair;
  stride: Pair;
  padding: Pair;
  dilation: Pair;
  ceil_mode: boolean;
}

/**
 * PyTorch's pooling output size (aten pooling_output_shape):
 * out = floor_or_ceil((in + 2p - d*(k-1) - 1) / s) + 1, and with ceil_mode the
 * last window is dropped when it would start at or beyond in + p (entirely in
 * the right padding).
 */
export function poolOutSize(input: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const span = input + 2 * p - d * (k - 1) - 1;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= input + p) out -= 1;
  return out;
}

export function poolShape(x: Shape, g: PoolGeometry): Shape {
  requireRank(x, 4, "N, C, H, W");
  const [n, c, h, w] = x as [number, number, number, number];
  for (let i = 0; i < 2; i++) {
    // PyTorch (pool2d_shape_check): kernel_size / 2 >= padding, with the undilated kernel size.
    const k = g.kernel_size[i]!;
    if (g.padding[i]! * 2 > k) {
      throw new OpError(
        `padding ${g.padding[i]} is more than half of the ${i === 0 ? "height" : "width"} kernel size ${k}`,
        "PyTorch rejects this too; use padding <= kernel_size / 2",
        "padding",
      );
    }
  }
  const oh = poolOutSize(h, g.kernel_size[0], g.stride[0], g.padding[0], g.dilation[0], g.ceil_mode);
  const ow = poolOutSize(w, g.kernel_size[1], g.stride[1], g.padding[1], g.dilation[1], g.ceil_mode);
  if (oh < 1 || ow < 1) {
    throw new OpError(
      `output size would be ${oh}×${ow}: the kernel does not fit into the padded input ${h + 2 * g.padding[0]}×${w + 2 * g.padding[1]}`,
      "use a smaller kernel or a larger input",
    );
  }
  return [n, c, oh, ow];
}

/**
 * Extra bottom/right padding that makes TensorRT's floor-mode output size equal
 * PyTorch's (which, with ceil_mode, may add a last partial window, but drops
 * one that would start in the right padding).
 */
export function poolOverhang(inShape: Shape, outShape: Shape, g: PoolGeometry): [number, number] {
  return [0, 1].map((i) => {
    const k = g.dilation[i]! * (g.kernel_size[i]! - 1) + 1;
    return Math.max(0, (outShape[2 + i]! - 1) * g.stride[i]! + k - (inShape[2 + i]! + 2 * g.padding[i]!));
  }) as [number, number];
}

/**
 * Dynamic shapes: with ceil_mode, the extra padding that matches PyTorch's last window
 * depends on the height and width, so those must be static.
 */
export function poolDynamic(d: DynamicShapes, g: { ceil_mode: boolean }): Inexact | undefined {
  const x = d.inputs[0]!;
  if (!g.ceil_mode || (x[2] !== -1 && x[3] !== -1)) return undefined;
  return {
    reason: "with ceil_mode, the padding that gives PyTorch's last window depends on the input's height and width, which the profiles vary",
    hint: "use ceil_mode: false (the same output wherever (H + 2·padding − kernel) is a multiple of the stride), or give H and W static sizes",
    param: "ceil_mode",
  };
}

export interface AvgOptions {
  countIncludePad: boolean;
  divisorOverride?: number;
}

/** Max or average pooling with PyTorch's output size, padding and divisor rules. */
export function lowerPool(ctx: LowerContext, g: PoolGeometry, avg?: AvgOptions): string {
  if (g.dilation[0] !== 1 || g.dilation[1] !== 1) {
    throw new LowerError("TensorRT pooling has no dilation", "use dilation 1, or a 'custom' layer");
  }
  const x = ctx.inputShapes[0]!;
  const extra = poolOverhang(x, ctx.outShape, g);
  const p = g.padding;
  const pool = (input: string, pre: number[], post: number[], averageCountExcludesPadding?: boolean) =>
    net.addPoolingNd(
      { input, type: avg ? "kAVERAGE" : "kMAX", windowSize: g.kernel_size },
      { stride: g.stride, prePadding: pre, postPadding: post, averageCountExcludesPadding },
    );
  const post = [p[0] + extra[0], p[1] + extra[1]];
  if (!avg) return ctx.main(pool(ctx.input(), p, post));
  const overhang = extra[0] > 0 || extra[1] > 0;
  if (avg.divisorOverride === undefined && (!avg.countIncludePad || !overhang)) {
    // exclude: divisor = valid elements; include without overhang: divisor = kh*kw
    return ctx.main(pool(ctx.input(), p, avg.countIncludePad ? p : post, !avg.countIncludePad));
  }
  // Padding PyTorch counts is made real (zeros) so that TensorRT's "exclude
  // padding" count equals PyTorch's divisor: windows count the left/right
  // padding p but not the ceil-mode overhang beyond it.
  let input = ctx.inputs[0]!;
  const padded = [x[0]!, x[1]!, x[2]! + 2 * p[0], x[3]! + 2 * p[1]];
  if (p[0] > 0 || p[1] > 0) input = ctx.helper("pad", net.addPaddingNd({ input, prePadding: p, postPadding: p }), padded);
  if (avg.divisorOverride === undefined) {
    return ctx.main(pool(input, [0, 0], extra, true));
  }
  // divisor_override: window sum / divisor = (average over kh*kw zero-padded values) * kh*kw / divisor
  const grown = [padded[0]!, padded[1]!, padded[2]! + extra[0], padded[3]! + extra[1]];
  if (overhang) input = ctx.helper("overhang", net.addPaddingNd({ input, prePadding: [0, 0], postPadding: extra }), grown);
  const pooled = ctx.main(pool(input, [0, 0], [0, 0], false));
  const factor = ctx.constantTensor([(g.kernel_size[0] * g.kernel_size[1]) / avg.divisorOverride], [1, 1, 1, 1], "divisor");
  return ctx.helper("scale", net.addElementWise({ input1: pooled, input2: factor, op: "kPROD" }), ctx.outShape);
}
