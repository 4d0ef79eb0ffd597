import * as z from "zod";
import { net } from "../lower/catalog.js";
import { checkChannels, convExtras, pairStr } from "./conv2d.js";
import { bool, nonNegPair, posInt, posPair } from "./params.js";
import { OpError, defineOp, product, requireRank } from "./types.js";

const params = z.strictObject({
  in_channels: posInt.optional(),
  out_channels: posInt,
  kernel_size: posPair,
  stride: posPair.default([1, 1]),
  padding: nonNegPair.default([0, 0]),
  output_padding: nonNegPair.default([0, 0]),
  dilation: posPair.default([1, 1]),
  groups: posInt.default(1),
  bias: bool.default(true),
});

export type ConvTranspose2dParams = z.output<typeof params>;

/** PyTorch: (in - 1)*stride - 2*padding + dilation*(k - 1) + output_padding + 1 */
export function deconvOutSize(input: number, k: number, s: number, p: number, op: number, d: number): number {
  return (input - 1) * s - 2 * p + d * (k - 1) + op + 1;
}

export const conv_transpose2d = defineOp({
  name: "conv_transpose2d",
  summary: "2-D transposed convolution (deconvolution)",
  pytorch: { modules: ["torch.nn.ConvTranspose2d"] },
  params,
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    requireRank(x!, 4, "N, C, H, W");
    const [n, c, h, w] = x as [number, number, number, number];
    checkChannels(c, p.in_channels, p.groups, p.out_channels, "in_channels");
    for (let i = 0; i < 2; i++) {
      // PyTorch: output padding must be smaller than either stride or dilation.
      if (p.output_padding[i]! >= Math.max(p.stride[i]!, p.dilation[i]!)) {
        throw new OpError(
          `output_padding ${p.output_padding[i]} must be smaller than stride or dilation (${p.stride[i]}, ${p.dilation[i]}) in ${i === 0 ? "height" : "width"}`,
          "PyTorch rejects this too; output_padding only disambiguates strided outputs",
          "output_padding",
        );
      }
    }
    const oh = deconvOutSize(h, p.kernel_size[0], p.stride[0], p.padding[0], p.output_padding[0], p.dilation[0]);
    const ow = deconvOutSize(w, p.kernel_size[1], p.stride[1], p.padding[1], p.output_padding[1], p.dilation[1]);
    if (oh < 1 || ow < 1) {
      throw new OpError(
        `output size would be ${oh}×${ow}: padding ${pairStr(p.padding)} removes more than the transposed convolution produces`,
        "reduce padding",
        "padding",
      );
    }
    return [n, p.out_channels, oh, ow];
  },
  weightRoles: [
    { role: "weight", shape: "[in_channels, out_channels / groups, kernel_size[0], kernel_size[1]]" },
    { role: "bias", shape: "[out_channels]", if: "bias" },
  ],
  weights([x], p) {
    const w = {
      role: "weight",
      shape: [x![1]!, p.out_channels / p.groups, p.kernel_size[0], p.kernel_size[1]],
      labels: ["in", p.groups > 1 ? "out/groups" : "out", undefined, undefined],
    };
    return p.bias ? [w, { role: "bias", shape: [p.out_channels], labels: ["out"] }] : [w];
  },
  macs([x], p) {
    return product(x!) * (p.out_channels / p.groups) * p.kernel_size[0] * p.kernel_size[1];
  },
  lower(ctx, p) {
    // TensorRT: out = (in-1)*s + d*(k-1) + 1 - (pre + post). PyTorch's padding p and
    // output_padding op give pre = p, post = p - op. TensorRT has no negative
    // padding: where p - op < 0, deconvolve with post 0 and no bias, grow the
    // output with zeros, then add the bias per channel.
    const post = [p.padding[0] - p.output_padding[0], p.padding[1] - p.output_padding[1]] as const;
    const grow = post.map((v) => Math.max(0, -v));
    const needsGrow = grow.some((g) => g > 0);
    // A strided and dilated deconvolution runs as an undilated one whose kernel holds the
    // dilation's zeros (identical output; TensorRT-RTX refuses strided dilated deconvolution).
    const spread = (p.stride[0] > 1 || p.stride[1] > 1) && (p.dilation[0] > 1 || p.dilation[1] > 1);
    const k = p.kernel_size;
    const d = p.dilation;
    const kernelSize = spread ? [d[0] * (k[0] - 1) + 1, d[1] * (k[1] - 1) + 1] : [...k];
    const kernel = spread ? ctx.dilatedKernel("weight", k, d) : ctx.weight("weight");
    const bias = p.bias && !needsGrow ? ctx.weight("bias") : null;
    const [n, c, h, w] = ctx.outShape as [number, number, number, number];
    const deconvShape = [n, c, h - grow[0]!, w - grow[1]!];
    let out = ctx.main(
      net.addDeconvolutionNd(
        { input: ctx.input(), nbOutputMaps: p.out_channels, kernelSize, kernel, bias },
        {
          stride: p.stride,
          prePadding: p.padding,
          postPadding: post.map((v) => Math.max(0, v)),
          dilation: spread ? [1, 1] : p.dilation,
          nbGroups: p.groups,
        },
      ),
      deconvShape,
    );
    if (needsGrow) {
      out = ctx.helper("output_padding", net.addPaddingNd({ input: out, prePadding: [0, 0], postPadding: grow }), ctx.outShape);
      if (p.bias) {
        const b = ctx.weight("bias");
        out = ctx.helper("bias", net.addScale({ input: out, mode: "kCHANNEL", shift: b, scale: null, power: null }), ctx.outShape);
      }
    }
    return out;
  },
  describe(p) {
    const parts = [`k=${pairStr(p.kernel_size)}`, `s=${pairStr(p.stride)}`, `p=${pairStr(p.padding)}`];
    if (p.output_padding[0] || p.output_padding[1]) parts.push(`op=${pairStr(p.output_padding)}`);
    return [...parts, ...convExtras(p)].join(" ");
  },
});
