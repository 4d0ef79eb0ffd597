import { binaryOp } from "./binary_common.js";

export const minimum = binaryOp({
  name: "minimum",
  summary: "element-wise min(a, b), with broadcasting, or with a scalar 'other'",
  pytorch: { functions: ["torch.minimum", "torch.min"], methods: ["minimum", "min"], note: "torch.min(a, b) of two tensors" },
  trt: "kMIN",
  alpha: false,
});
