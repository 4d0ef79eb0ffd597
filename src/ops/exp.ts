import { unary, unaryOp } from "./elementwise_common.js";

export const exp = unaryOp({
  name: "exp",
  summary: "exponential e^x (inf past float32's range)",
  activationDoc: "`addUnary(kEXP)`",
  pytorch: { functions: ["torch.exp"], methods: ["exp"] },
  lower: (ctx) => unary(ctx, "kEXP"),
});
