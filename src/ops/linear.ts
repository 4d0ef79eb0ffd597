import * as z from "zod";
import { net } from "../lower/catalog.js";
import { bool, posInt } from "./params.js";
import { OpError, defineOp, product } from "./types.js";

const params = z.strictObject({
  in_features: posInt.optional(),
  out_features: posInt,
  bias: bool.default(true),
});

export const linear = defineOp({
  name: "linear",
  summary: "y = x Wᵀ + b over the last dimension (of any rank; a 1-D input is one vector)",
  pytorch: { modules: ["torch.nn.Linear"], functions: ["torch.nn.functional.linear"] },
  params,
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    const inF = x![x!.length - 1]!;
    if (p.in_features !== undefined && p.in_features !== inF) {
      throw new OpError(
        `in_features is ${p.in_features} but the input's last dimension is ${inF}`,
        x!.length > 2 ? "linear applies to the last dimension; flatten first (op: flatten)" : `set in_features to ${inF}`,
        "in_features",
      );
    }
    return [...x!.slice(0, -1), p.out_features];
  },
  weightRoles: [
    { role: "weight", shape: "[out_features, in_features]" },
    { role: "bias", shape: "[out_features]", if: "bias" },
  ],
  weights([x], p) {
    const inF = x![x!.length - 1]!;
    const w = { role: "weight", shape: [p.out_features, inF], labels: ["out", "in"] };
    return p.bias ? [w, { role: "bias", shape: [p.out_features], labels: ["out"] }] : [w];
  },
  macs([x], _p, out) {
    return product(out) * x![x!.length - 1]!;
  },
  lower(ctx, p) {
    // y = x Wᵀ + b: W as a constant broadcast over leading dims, matrix multiply
    // with W transposed, then the bias as a broadcast constant (valid on 8.2..11.x).
    // A 1-D input is multiplied as a [1, in] matrix and the result reshaped back.
    const vector = ctx.inputShapes[0]!.length === 1;
    const x = vector ? [1, ...ctx.inputShapes[0]!] : ctx.inputShapes[0]!;
    const input = vector ? ctx.reshape(ctx.input(), x, "matrix") : ctx.input();
    const outShape = [...x.slice(0, -1), p.out_features];
    const lead = x.slice(0, -1).map(() => 1);
    const inF = x[x.length - 1]!;
    const wShape = [...lead.slice(1), p.out_features, inF];
    const w = ctx.helper("weight", net.addConstant({ dimensions: wShape, weights: ctx.weight("weight") }), wShape);
    let y = ctx.main(net.addMatrixMultiply({ input0: input, op0: "kNONE", input1: w, op1: "kTRANSPOSE" }), outShape);
    if (p.bias) {
      const bShape = [...lead, p.out_features];
      const b = ctx.helper("bias", net.addConstant({ dimensions: bShape, weights: ctx.weight("bias") }), bShape);
      y = ctx.helper("add_bias", net.addElementWise({ input1: y, input2: b, op: "kSUM" }), outShape);
    }
    return vector ? ctx.reshape(y, ctx.outShape, "vector") : y;
  },
  describe: (p) => (p.bias ? "" : "bias=false"),
});
