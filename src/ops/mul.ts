import { binaryOp } from "./binary_common.js";

export const mul = binaryOp({
  name: "mul",
  summary: "a * b, with broadcasting, or with a scalar 'other'",
  pytorch: "torch.mul",
  trt: "kPROD",
  alpha: false,
});
