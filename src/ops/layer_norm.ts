import * as z from "zod";
import { builder, net } from "../lower/catalog.js";
import type { LowerContext } from "../lower/context.js";
import { bool, num, posInt } from "./params.js";
import { OpError, defineOp, fmtShape, product } from "./types.js";

const params = z.strictObject({
  normalized_shape: z
    .union([posInt, z.array(posInt).min(1)], { error: "expected a positive size or a non-empty list of them (the trailing dimensions)" })
    .transform((v) => (typeof v === "number" ? [v] : v)),
  eps: num.refine((v) => v > 0, "expected a positive number").default(1e-5),
  elementwise_affine: bool.default(true),
  channels_first: bool.default(false),
});

/** The dimensions normalized: the trailing ones, or dimension 1 (the channels) with channels_first. */
function axes(rank: number, p: z.infer<typeof params>): number[] {
  return p.channels_first ? [1] : p.normalized_shape.map((_d, i) => rank - p.normalized_shape.length + i);
}

/**
 * Scale and bias tensors of the given shape (the input's rank) for a normalization: the
 * file's `weight` and `bias` laid out in that shape, or 1 and 0 (broadcast) without affine.
 */
export function affineTensors(ctx: LowerContext, affine: boolean, shape: number[]): [string, string] {
  if (!affine) {
    const ones = shape.map(() => 1);
    return [ctx.constantTensor([1], ones, "one"), ctx.constantTensor([0], ones, "zero")];
  }
  const t = (role: "weight" | "bias") => ctx.helper(role, net.addConstant({ dimensions: shape, weights: ctx.weight(role) }), shape);
  return [t("weight"), t("bias")];
}

export const layer_norm = defineOp({
  name: "layer_norm",
  summary: "layer normalization over the trailing dimensions (or the channels, channels_first), with a learned scale and shift",
  pytorch: {
    modules: ["torch.nn.LayerNorm"],
    functions: ["torch.nn.functional.layer_norm"],
    note: "channels_first: ConvNeXt's LayerNorm2d",
  },
  params,
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    const n = p.normalized_shape;
    if (p.channels_first) {
      if (n.length !== 1)
        throw new OpError(`channels_first normalizes dimension 1 only, but normalized_shape is ${fmtShape(n)}`, "give the channel count", "normalized_shape");
      if (x!.length < 2 || x![1] !== n[0]) {
        throw new OpError(
          `normalized_shape is [${n[0]}] but the input ${fmtShape(x!)} has ${x!.length < 2 ? "no channel dimension" : `${x![1]} channels`}`,
          undefined,
          "normalized_shape",
        );
      }
      return [...x!];
    }
    const tail = x!.slice(x!.length - n.length);
    if (n.length > x!.length || tail.some((d, i) => d !== n[i])) {
      throw new OpError(
        `normalized_shape ${fmtShape(n)} is not the trailing dimensions of the input ${fmtShape(x!)}`,
        `expected an input of shape [*, ${n.join(", ")}]`,
        "normalized_shape",
      );
    }
    return [...x!];
  },
  weightRoles: [
    { role: "weight", shape: "normalized_shape", if: "elementwise_affine" },
    { role: "bias", shape: "normalized_shape", if: "elementwise_affine" },
  ],
  weights(_x, p) {
    const s = p.normalized_shape;
    return p.elementwise_affine
      ? [
          { role: "weight", shape: [...s] },
          { role: "bias", shape: [...s] },
        ]
      : [];
  },
  macs(_in, _p, out) {
    return product(out);
  },
  lower(ctx, p) {
    const rank = ctx.outShape.length;
    const ax = axes(rank, p);
    const [scale, bias] = affineTensors(
      ctx,
      p.elementwise_affine,
      ctx.outShape.map((d, i) => (ax.includes(i) ? d : 1)),
    );
    return ctx.main(builder.normalization({ input: ctx.input(), scale, bias, axes: ax, eps: p.eps }));
  },
  describe(p) {
    return [p.channels_first ? "channels_first" : "", p.eps !== 1e-5 ? `eps=${p.eps}` : "", p.elementwise_affine ? "" : "no affine"].filter(Boolean).join(" ");
  },
});
