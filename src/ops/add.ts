import { binaryOp } from "./binary_common.js";

export const add = binaryOp({
  name: "add",
  summary: "a + alpha * b, with broadcasting, or with a scalar 'other'",
  pytorch: "torch.add",
  trt: "kSUM",
  alpha: true,
});
