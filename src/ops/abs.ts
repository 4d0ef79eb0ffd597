import { unary, unaryOp } from "./elementwise_common.js";

export const abs = unaryOp({
  name: "abs",
  summary: "absolute value |x|",
  activationDoc: "`addUnary(kABS)`",
  pytorch: { functions: ["torch.abs", "torch.absolute"], methods: ["abs", "absolute"] },
  lower: (ctx) => unary(ctx, "kABS"),
});
