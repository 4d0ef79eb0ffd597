import { activation, unaryOp } from "./elementwise_common.js";

export const relu = unaryOp({
  name: "relu",
  summary: "max(x, 0)",
  lower: (ctx) => activation(ctx, "kRELU"),
  pytorch: "torch.nn.ReLU",
});
