import { unary, unaryOp } from "./elementwise_common.js";

export const neg = unaryOp({
  name: "neg",
  summary: "negation -x",
  activationDoc: "`addUnary(kNEG)`",
  pytorch: { functions: ["torch.neg", "torch.negative", "operator.neg"], methods: ["neg", "negative"] },
  lower: (ctx) => unary(ctx, "kNEG"),
});
