import { activation, unaryOp } from "./elementwise_common.js";

export const sigmoid = unaryOp({
  name: "sigmoid",
  summary: "1 / (1 + exp(-x))",
  lower: (ctx) => activation(ctx, "kSIGMOID"),
  pytorch: "torch.nn.Sigmoid",
});
