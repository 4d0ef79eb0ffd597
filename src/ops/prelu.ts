import * as z from "zod";
import { net } from "../lower/catalog.js";
import { posInt } from "./params.js";
import { OpError, defineOp } from "./types.js";

export const prelu = defineOp({
  name: "prelu",
  summary: "x if x >= 0 else a * x with a learned slope (one, or one per channel)",
  doc: { table: "activations", lowering: "see below" },
  pytorch: { modules: ["torch.nn.PReLU"], functions: ["torch.nn.functional.prelu"] },
  params: z.strictObject({ num_parameters: posInt.default(1) }),
  arity: { min: 1, max: 1 },
  dynamic: "any",
  inferShape([x], p) {
    if (p.num_parameters !== 1) {
      if (x!.length < 2) throw new OpError("a per-channel PReLU needs an input of rank >= 2", undefined, "num_parameters");
      if (x![1] !== p.num_parameters) {
        throw new OpError(`num_parameters is ${p.num_parameters} but the input has ${x![1]} channels`, `use 1 or ${x![1]}`, "num_parameters");
      }
    }
    return [...x!];
  },
  weightRoles: [{ role: "weight", shape: "[num_parameters]" }],
  weights(_x, p) {
    return [{ role: "weight", shape: [p.num_parameters], labels: [p.num_parameters === 1 ? undefined : "C"] }];
  },
  lower(ctx, p) {
    const slopeShape = ctx.outShape.map((d, i) => (i === 1 && p.num_parameters !== 1 ? d : 1));
    const slope = ctx.helper("slope", net.addConstant({ dimensions: slopeShape, weights: ctx.weight("weight") }), slopeShape);
    return ctx.main(net.addParametricReLU({ input: ctx.input(), slope }));
  },
  describe: (p) => (p.num_parameters === 1 ? "shared" : `per-channel ${p.num_parameters}`),
});
