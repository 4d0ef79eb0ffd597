import * as z from "zod";
import { builder, net } from "../lower/catalog.js";
import { affineTensors } from "./layer_norm.js";
import { bool, num, posInt } from "./params.js";
import { OpError, defineOp, fmtShape, product } from "./types.js";

const params = z.strictObject({
  num_groups: posInt,
  num_channels: posInt.optional(),
  eps: num.refine((v) => v > 0, "expected a positive number").default(1e-5),
  affine: bool.default(true),
});

export const group_norm = defineOp({
  name: "group_norm",
  summary:
    "group normalization: the channels in num_groups groups, each normalized over its channels and the spatial dimensions, then a per-channel scale and shift",
  pytorch: { modules: ["torch.nn.GroupNorm"], functions: ["torch.nn.functional.group_norm"] },
  params,
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    if (x!.length < 2) throw new OpError(`expected a tensor of rank >= 2 (N, C, ...), got ${fmtShape(x!)}`);
    const c = x![1]!;
    if (p.num_channels !== undefined && p.num_channels !== c) {
      throw new OpError(`num_channels is ${p.num_channels} but the input has ${c} channels`, `set num_channels to ${c}`, "num_channels");
    }
    if (c % p.num_groups !== 0) throw new OpError(`num_groups ${p.num_groups} does not divide the ${c} channels`, undefined, "num_groups");
    return [...x!];
  },
  weightRoles: [
    { role: "weight", shape: "[C]", if: "affine" },
    { role: "bias", shape: "[C]", if: "affine" },
  ],
  weights([x], p) {
    const c = x![1]!;
    return p.affine
      ? [
          { role: "weight", shape: [c], labels: ["C"] },
          { role: "bias", shape: [c], labels: ["C"] },
        ]
      : [];
  },
  macs(_in, _p, out) {
    return product(out);
  },
  lower(ctx, p) {
    // [N, C, ...] as [N, G, C/G * ...], normalized over the last axis, back to [N, C, ...],
    // then the per-channel scale and shift (the same on every release: no group setting needed)
    const x = ctx.outShape;
    const grouped = [x[0]!, p.num_groups, product(x.slice(1)) / p.num_groups];
    const g = ctx.reshape(ctx.input(), grouped, "group");
    const [one, zero] = affineTensors(ctx, false, grouped);
    const n = ctx.main(builder.normalization({ input: g, scale: one, bias: zero, axes: [2], eps: p.eps }), grouped);
    const y = ctx.reshape(n, x, "ungroup");
    if (!p.affine) return y;
    const [scale, bias] = affineTensors(
      ctx,
      true,
      x.map((d, i) => (i === 1 ? d : 1)),
    );
    const scaled = ctx.helper("scale", net.addElementWise({ input1: y, input2: scale, op: "kPROD" }), x);
    return ctx.helper("shift", net.addElementWise({ input1: scaled, input2: bias, op: "kSUM" }), x);
  },
  describe(p) {
    return [`groups=${p.num_groups}`, p.eps !== 1e-5 ? `eps=${p.eps}` : "", p.affine ? "" : "no affine"].filter(Boolean).join(" ");
  },
});
