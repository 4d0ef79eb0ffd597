import { unaryOp } from "./elementwise_common.js";

export const relu6 = unaryOp({
  name: "relu6",
  summary: "min(max(x, 0), 6)",
  pytorch: "torch.nn.ReLU6",
});
