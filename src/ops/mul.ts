import { binaryOp } from "./binary_common.js";

export const mul = binaryOp({
  name: "mul",
  summary: "a * b, with broadcasting, or with a scalar 'other'",
  pytorch: { functions: ["torch.mul", "operator.mul"], methods: ["mul", "mul_"] },
  trt: "kPROD",
  alpha: false,
});
