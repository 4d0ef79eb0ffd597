import { unaryOp } from "./elementwise_common.js";

export const hardswish = unaryOp({
  name: "hardswish",
  summary: "x * relu6(x + 3) / 6",
  pytorch: "torch.nn.Hardswish",
});
