import { unary, unaryOp } from "./elementwise_common.js";

export const erf = unaryOp({
  name: "erf",
  summary: "the Gauss error function erf(x)",
  activationDoc: "`addUnary(kERF)`",
  pytorch: { functions: ["torch.erf", "torch.special.erf"], methods: ["erf"] },
  lower: (ctx) => unary(ctx, "kERF"),
});
