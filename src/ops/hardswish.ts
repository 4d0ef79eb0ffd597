import { gated, unaryOp } from "./elementwise_common.js";

export const hardswish = unaryOp({
  name: "hardswish",
  summary: "x * relu6(x + 3) / 6",
  // x * hardsigmoid(x); kHARD_SIGMOID is max(0, min(1, alpha*x + beta))
  lower: (ctx) => gated(ctx, "kHARD_SIGMOID", 1 / 6, 0.5),
  activationDoc: "`kHARD_SIGMOID` (1/6, 0.5), then product with x (helper `<name>/mul`)",
  pytorch: { modules: ["torch.nn.Hardswish"], functions: ["torch.nn.functional.hardswish"] },
});
