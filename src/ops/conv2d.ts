import * as z from "zod";
import { net } from "../lower/catalog.js";
import { bool, nonNegInt, nonNegPair, posInt, posPair, unionError } from "./params.js";
import { OpError, defineOp, product, requireRank } from "./types.js";

/** Explicit per-side padding [top, bottom, left, right]. */
export type Padding4 = { top: number; bottom: number; left: number; right: number };

const asymmetric = z.strictObject({ top: nonNegInt, bottom: nonNegInt, left: nonNegInt, right: nonNegInt });

const padding = z.union([z.enum(["same", "valid"]), nonNegPair, asymmetric], {
  error: unionError("expected an integer, [h, w], 'same', 'valid' or { top, bottom, left, right }"),
});

const params = z.strictObject({
  in_channels: posInt.optional(),
  out_channels: posInt,
  kernel_size: posPair,
  stride: posPair.default([1, 1]),
  padding: padding.default([0, 0]),
  dilation: posPair.default([1, 1]),
  groups: posInt.default(1),
  bias: bool.default(true),
  padding_mode: z
    .literal("zeros", {
      error: "only 'zeros' padding_mode is supported; for reflect/replicate/circular put a 'pad' layer with that mode before a conv2d without padding",
    })
    .default("zeros"),
});

export type Conv2dParams = z.output<typeof params>;

/** Resolves PyTorch padding (int, pair, 'same', 'valid', per-side) to per-side amounts. */
export function resolveConvPadding(p: Conv2dParams): Padding4 {
  const pad = p.padding;
  if (pad === "valid") return { top: 0, bottom: 0, left: 0, right: 0 };
  if (pad === "same") {
    // PyTorch: total = dilation * (kernel - 1); the extra odd pixel goes to the end.
    const th = p.dilation[0] * (p.kernel_size[0] - 1);
    const tw = p.dilation[1] * (p.kernel_size[1] - 1);
    const top = Math.floor(th / 2);
    const left = Math.floor(tw / 2);
    return { top, bottom: th - top, left, right: tw - left };
  }
  if (Array.isArray(pad)) return { top: pad[0], bottom: pad[0], left: pad[1], right: pad[1] };
  return pad;
}

/** floor((in + pre + post - dilation*(k-1) - 1) / stride) + 1 */
export function convOutSize(input: number, pre: number, post: number, k: number, s: number, d: number): number {
  return Math.floor((input + pre + post - d * (k - 1) - 1) / s) + 1;
}

export function checkChannels(inC: number, declared: number | undefined, groups: number, outC: number, what: string): void {
  if (declared !== undefined && declared !== inC) {
    throw new OpError(`in_channels is ${declared} but the input has ${inC} channels`, `set ${what} to ${inC} or fix the previous layer`, "in_channels");
  }
  if (inC % groups !== 0) {
    throw new OpError(`input channels ${inC} are not divisible by groups ${groups}`, undefined, "groups");
  }
  if (outC % groups !== 0) {
    throw new OpError(`out_channels ${outC} is not divisible by groups ${groups}`, undefined, "groups");
  }
}

export const conv2d = defineOp({
  name: "conv2d",
  summary: "2-D convolution over an NCHW tensor",
  pytorch: { modules: ["torch.nn.Conv2d"], functions: ["torch.nn.functional.conv2d"] },
  params,
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    requireRank(x!, 4, "N, C, H, W");
    const [n, c, h, w] = x as [number, number, number, number];
    checkChannels(c, p.in_channels, p.groups, p.out_channels, "in_channels");
    if (p.padding === "same" && (p.stride[0] !== 1 || p.stride[1] !== 1)) {
      throw new OpError("padding='same' requires stride 1 (as in PyTorch)", "use explicit padding with strided convolutions", "padding");
    }
    const pad = resolveConvPadding(p);
    const oh = convOutSize(h, pad.top, pad.bottom, p.kernel_size[0], p.stride[0], p.dilation[0]);
    const ow = convOutSize(w, pad.left, pad.right, p.kernel_size[1], p.stride[1], p.dilation[1]);
    if (oh < 1 || ow < 1) {
      const eh = p.dilation[0] * (p.kernel_size[0] - 1) + 1;
      const ew = p.dilation[1] * (p.kernel_size[1] - 1) + 1;
      throw new OpError(
        `output size would be ${oh}×${ow}: the effective kernel ${eh}×${ew} is larger than the padded input ${h + pad.top + pad.bottom}×${w + pad.left + pad.right}`,
        "use a smaller kernel or dilation, more padding, or a larger input",
      );
    }
    return [n, p.out_channels, oh, ow];
  },
  weightRoles: [
    { role: "weight", shape: "[out_channels, in_channels / groups, kernel_size[0], kernel_size[1]]" },
    { role: "bias", shape: "[out_channels]", if: "bias" },
  ],
  weights([x], p) {
    const inPerGroup = x![1]! / p.groups;
    const w = {
      role: "weight",
      shape: [p.out_channels, inPerGroup, p.kernel_size[0], p.kernel_size[1]],
      labels: ["out", p.groups > 1 ? "in/groups" : "in", undefined, undefined],
    };
    return p.bias ? [w, { role: "bias", shape: [p.out_channels], labels: ["out"] }] : [w];
  },
  macs([x], p, out) {
    return product(out) * (x![1]! / p.groups) * p.kernel_size[0] * p.kernel_size[1];
  },
  lower(ctx, p) {
    const pad = resolveConvPadding(p);
    return ctx.main(
      net.addConvolutionNd(
        { input: ctx.input(), nbOutputMaps: p.out_channels, kernelSize: p.kernel_size, kernel: ctx.weight("weight"), bias: ctx.optionalWeight("bias") },
        { stride: p.stride, prePadding: [pad.top, pad.left], postPadding: [pad.bottom, pad.right], dilation: p.dilation, nbGroups: p.groups },
      ),
    );
  },
  describe(p) {
    const pad = resolveConvPadding(p);
    const parts = [`k=${pairStr(p.kernel_size)}`, `s=${pairStr(p.stride)}`];
    parts.push(
      typeof p.padding === "string"
        ? `p=${p.padding}`
        : pad.top === pad.bottom && pad.left === pad.right
          ? `p=${pairStr([pad.top, pad.left])}`
          : `p=${pad.top},${pad.bottom},${pad.left},${pad.right}`,
    );
    return [...parts, ...convExtras(p)].join(" ");
  },
});

/** Table details shared by the convolutions: non-default dilation, groups and bias. */
export function convExtras(p: { dilation: [number, number]; groups: number; bias: boolean }): string[] {
  const parts: string[] = [];
  if (p.dilation[0] !== 1 || p.dilation[1] !== 1) parts.push(`d=${pairStr(p.dilation)}`);
  if (p.groups !== 1) parts.push(`g=${p.groups}`);
  if (!p.bias) parts.push("bias=false");
  return parts;
}

export function pairStr(v: readonly [number, number]): string {
  return v[0] === v[1] ? `${v[0]}` : `${v[0]}x${v[1]}`;
}
