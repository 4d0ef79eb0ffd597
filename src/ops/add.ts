import { binaryOp } from "./binary_common.js";

export const add = binaryOp({
  name: "add",
  summary: "a + alpha * b, with broadcasting, or with a scalar 'other'",
  pytorch: { functions: ["torch.add", "operator.add"], methods: ["add", "add_"] },
  trt: "kSUM",
  alpha: true,
});
