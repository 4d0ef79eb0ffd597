import { z } from "zod";
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
  lower: (ctx, p) => ctx.main("gelu", [ctx.input(), { k: "bool", v: p.approximate === "tanh" }], [], "builder"),
  describe: (p) => (p.approximate === "none" ? "erf" : "tanh"),
});
