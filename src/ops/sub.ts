import { binaryOp } from "./binary_common.js";

export const sub = binaryOp({
  name: "sub",
  summary: "a - alpha * b, with broadcasting, or with a scalar 'other'",
  pytorch: { functions: ["torch.sub", "operator.sub"], methods: ["sub", "sub_"] },
  trt: "kSUB",
  alpha: true,
});
