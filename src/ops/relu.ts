import { unaryOp } from "./elementwise_common.js";

export const relu = unaryOp({
  name: "relu",
  summary: "max(x, 0)",
  pytorch: "torch.nn.ReLU",
});
