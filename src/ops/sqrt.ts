import { unary, unaryOp } from "./elementwise_common.js";

export const sqrt = unaryOp({
  name: "sqrt",
  summary: "square root sqrt(x) (NaN for x < 0)",
  activationDoc: "`addUnary(kSQRT)`",
  pytorch: { functions: ["torch.sqrt"], methods: ["sqrt"] },
  lower: (ctx) => unary(ctx, "kSQRT"),
});
