import { gated, unaryOp } from "./elementwise_common.js";

export const silu = unaryOp({
  name: "silu",
  summary: "x * sigmoid(x) (swish)",
  lower: (ctx) => gated(ctx, "kSIGMOID"),
  activationDoc: "`addActivation(kSIGMOID)`, then `addElementWise(x, ·, kPROD)` (helper `<name>/mul`)",
  pytorch: { modules: ["torch.nn.SiLU"], functions: ["torch.nn.functional.silu"] },
});
