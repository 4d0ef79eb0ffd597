import { binaryOp } from "./binary_common.js";

export const div = binaryOp({
  name: "div",
  summary: "a / b (true division), with broadcasting, or with a scalar 'other'",
  pytorch: "torch.div",
  trt: "kDIV",
  alpha: false,
});
