import { activation, unaryOp } from "./elementwise_common.js";

export const sigmoid = unaryOp({
  name: "sigmoid",
  summary: "1 / (1 + exp(-x))",
  lower: (ctx) => activation(ctx, "kSIGMOID"),
  activationDoc: "`addActivation(kSIGMOID)`",
  pytorch: { modules: ["torch.nn.Sigmoid"], functions: ["torch.sigmoid", "torch.nn.functional.sigmoid"], methods: ["sigmoid", "sigmoid_"] },
});
