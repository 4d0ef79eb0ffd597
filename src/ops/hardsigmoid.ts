import { unaryOp } from "./elementwise_common.js";

export const hardsigmoid = unaryOp({
  name: "hardsigmoid",
  summary: "relu6(x + 3) / 6",
  pytorch: "torch.nn.Hardsigmoid",
});
