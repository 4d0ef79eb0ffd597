import { unaryOp } from "./elementwise_common.js";

export const sigmoid = unaryOp({
  name: "sigmoid",
  summary: "1 / (1 + exp(-x))",
  pytorch: "torch.nn.Sigmoid",
});
