import { binaryOp } from "./binary_common.js";

export const div = binaryOp({
  name: "div",
  summary: "a / b (true division), with broadcasting, or with a scalar 'other'",
  pytorch: { functions: ["torch.div", "torch.true_divide", "operator.truediv"], methods: ["div", "div_", "true_divide"] },
  trt: "kDIV",
  alpha: false,
});
