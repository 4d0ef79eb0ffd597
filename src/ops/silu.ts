import { gated, unaryOp } from "./elementwise_common.js";

export const silu = unaryOp({
  name: "silu",
  summary: "x * sigmoid(x) (swish)",
  lower: (ctx) => gated(ctx, "kSIGMOID"),
  pytorch: "torch.nn.SiLU",
});
