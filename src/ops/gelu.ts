import * as z from "zod";
import { builder } from "../lower/catalog.js";
import { unaryOp } from "./elementwise_common.js";

export const gelu = unaryOp({
  name: "gelu",
  summary: "Gaussian error linear unit (exact erf form or tanh approximation)",
  activationDoc: "see below",
  pytorch: { modules: ["torch.nn.GELU"], functions: ["torch.nn.functional.gelu"] },
  params: z.strictObject({
    approximate: z.enum(["none", "tanh"], { error: "expected 'none' (erf) or 'tanh'" }).default("none"),
  }),
  // Native kGELU_ERF / kGELU_TANH from TensorRT 10; an erf/tanh composition before (NetworkBuilder::gelu).
  lower: (ctx, p) => ctx.main(builder.gelu({ input: ctx.input(), tanhApproximation: p.approximate === "tanh" })),
  describe: (p) => (p.approximate === "none" ? "erf" : "tanh"),
});
