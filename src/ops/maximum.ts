import { binaryOp } from "./binary_common.js";

export const maximum = binaryOp({
  name: "maximum",
  summary: "element-wise max(a, b), with broadcasting, or with a scalar 'other'",
  pytorch: { functions: ["torch.maximum", "torch.max"], methods: ["maximum", "max"], note: "torch.max(a, b) of two tensors" },
  trt: "kMAX",
  alpha: false,
});
