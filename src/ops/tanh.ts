import { activation, unaryOp } from "./elementwise_common.js";

export const tanh = unaryOp({
  name: "tanh",
  summary: "hyperbolic tangent",
  lower: (ctx) => activation(ctx, "kTANH"),
  pytorch: "torch.nn.Tanh",
});
