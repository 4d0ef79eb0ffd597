import { activation, unaryOp } from "./elementwise_common.js";

export const relu6 = unaryOp({
  name: "relu6",
  summary: "min(max(x, 0), 6)",
  // kCLIP clamps to [alpha, beta]
  lower: (ctx) => activation(ctx, "kCLIP", 0, 6),
  activationDoc: "`addActivation(kCLIP)`, alpha 0, beta 6",
  pytorch: { modules: ["torch.nn.ReLU6"], functions: ["torch.nn.functional.relu6"] },
});
