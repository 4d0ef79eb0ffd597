import { activation, unaryOp } from "./elementwise_common.js";

export const hardsigmoid = unaryOp({
  name: "hardsigmoid",
  summary: "relu6(x + 3) / 6",
  // kHARD_SIGMOID is max(0, min(1, alpha*x + beta)); PyTorch: relu6(x + 3) / 6
  lower: (ctx) => activation(ctx, "kHARD_SIGMOID", 1 / 6, 0.5),
  activationDoc: "`addActivation(kHARD_SIGMOID)`, alpha 1/6, beta 0.5 (= relu6(x+3)/6)",
  pytorch: { modules: ["torch.nn.Hardsigmoid"], functions: ["torch.nn.functional.hardsigmoid"] },
});
