import * as z from "zod";
import { net, weightsCalls } from "../lower/catalog.js";
import { bool, num, posInt } from "./params.js";
import { OpError, defineOp, product, requireRank } from "./types.js";

const params = z.strictObject({
  num_features: posInt.optional(),
  eps: num.refine((v) => v > 0, "expected a positive number").default(1e-5),
  affine: bool.default(true),
});

export const batch_norm2d = defineOp({
  name: "batch_norm2d",
  summary: "batch normalization with running statistics (inference)",
  pytorch: { modules: ["torch.nn.BatchNorm2d"], note: "eval mode: running statistics" },
  params,
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    requireRank(x!, 4, "N, C, H, W");
    const c = x![1]!;
    if (p.num_features !== undefined && p.num_features !== c) {
      throw new OpError(`num_features is ${p.num_features} but the input has ${c} channels`, `set num_features to ${c}`, "num_features");
    }
    return [...x!];
  },
  weightRoles: [
    { role: "weight", shape: "[C]", if: "affine" },
    { role: "bias", shape: "[C]", if: "affine" },
    { role: "running_mean", shape: "[C]" },
    { role: "running_var", shape: "[C]" },
  ],
  weights([x], p) {
    const c = x![1]!;
    const stats = [
      { role: "running_mean", shape: [c], labels: ["C"] },
      { role: "running_var", shape: [c], labels: ["C"] },
    ];
    return p.affine ? [{ role: "weight", shape: [c], labels: ["C"] }, { role: "bias", shape: [c], labels: ["C"] }, ...stats] : stats;
  },
  macs(_in, _p, out) {
    return product(out);
  },
  lower(ctx, p) {
    // scale = gamma / sqrt(var + eps), shift = beta - mean * scale, computed by the
    // builder program from the file's tensors (eps comes from the spec).
    const c = ctx.outShape[1]!;
    const gamma = (p.affine ? ctx.tensorName("weight") : undefined) ?? "";
    const beta = (p.affine ? ctx.tensorName("bias") : undefined) ?? "";
    const mean = ctx.tensorName("running_mean") ?? "";
    const variance = ctx.tensorName("running_var") ?? "";
    const scale = ctx.weightsStep(`${ctx.layer}_scale`, weightsCalls.batchNormScale({ gamma, var: variance, eps: p.eps, channels: c }), c);
    const shift = ctx.weightsStep(`${ctx.layer}_shift`, weightsCalls.batchNormShift({ beta, gamma, mean, var: variance, eps: p.eps, channels: c }), c);
    return ctx.main(net.addScale({ input: ctx.input(), mode: "kCHANNEL", shift, scale, power: null }));
  },
  describe(p) {
    return p.eps === 1e-5 ? "" : `eps=${p.eps}`;
  },
});
